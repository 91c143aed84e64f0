/*
 * Copyright 2026 the Agora authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except in compliance with
 * the License. You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software distributed under the License is distributed on
 * an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the
 * specific language governing permissions and limitations under the License.
 */
package org.agora.master.internal.term;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.master.internal.framework.FrameworkInfoChecks;
import org.agora.master.internal.security.Caller;
import org.agora.master.internal.term.TermFixture.FakeScheduler;
import org.agora.api.security.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a framework may and may not change about itself once subscribed, and who may drive it. */
class SubscriptionTest {
    private final TermFixture fixture = new TermFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aReSubscriptionKeepsTheUserAndCheckpointingTheFrameworkStartedWith() {
        FakeScheduler first = fixture.scheduler(TermFixture.framework("f").setUser("nobody").setCheckpoint(true));

        fixture.scheduler(TermFixture.framework("f").setId(first.id).setUser("root").setCheckpoint(false));

        var info = fixture.on(() -> fixture.term.frameworks().get(first.id.getValue()).orElseThrow().info());
        assertThat(info.getUser()).isEqualTo("nobody");
        assertThat(info.getCheckpoint()).isTrue();
    }

    @Test
    void aFrameworkCannotReSubscribeUnderAnotherPrincipal() {
        FakeScheduler first = fixture.scheduler(TermFixture.framework("f").setPrincipal("alice"));

        assertThatThrownBy(() -> fixture.scheduler(TermFixture.framework("f").setId(first.id).setPrincipal("mallory")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Framework " + first.id.getValue() + " belongs to principal 'alice'; it cannot "
                        + "re-subscribe as 'mallory'");
    }

    @Test
    void onlyTheFrameworksPrincipalMayDriveItsStream() {
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f").setPrincipal("alice"));
        Call reconcile = Call.newBuilder().setType(Call.Type.RECONCILE).setFrameworkId(scheduler.id)
                .setReconcile(Call.Reconcile.getDefaultInstance()).build();

        assertThatThrownBy(() -> fixture.run(() -> fixture.term.schedulerCalls().call(reconcile, scheduler.streamId,
                Caller.of(new Principal("mallory")))))
                .isInstanceOf(CallRefusedException.class)
                .satisfies(e -> assertThat(((CallRefusedException) e).reason())
                        .isEqualTo(CallRefusedException.Reason.FORBIDDEN));
        fixture.run(() -> fixture.term.schedulerCalls().call(reconcile, scheduler.streamId,
                Caller.of(new Principal("alice"))));
    }

    @Test
    void updateFrameworkMayNotChangeTheUser() {
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f").setUser("nobody"));

        assertThatThrownBy(() -> scheduler.call(Call.newBuilder().setType(Call.Type.UPDATE_FRAMEWORK)
                .setUpdateFramework(Call.UpdateFramework.newBuilder().setFrameworkInfo(TermFixture.framework("f")
                        .setId(scheduler.id).setUser("root")))))
                .isInstanceOf(CallRefusedException.class)
                .hasMessage("'update_framework.framework_info.user' cannot change (from 'nobody' to 'root')");
    }

    @Test
    void frameworkInfosTheMasterWouldHaveToKeepTooMuchOfAreRefused() {
        assertThat(FrameworkInfoChecks.problem(TermFixture.framework("x".repeat(2000)).build()))
                .hasValue("'framework_info.name' is 2000 characters; at most 1024 are accepted");
        assertThat(FrameworkInfoChecks.problem(TermFixture.framework("f").setId(FrameworkID.newBuilder()
                .setValue("../etc")).build())).hasValue("Framework ID '../etc' contains a '/', a '\\' or a "
                        + "control character");
        assertThat(FrameworkInfoChecks.problem(TermFixture.framework("f").setId(FrameworkID.newBuilder()
                .setValue("a\u0000b")).build())).isPresent();
        assertThat(FrameworkInfoChecks.problem(TermFixture.framework("f").setId(FrameworkID.newBuilder()
                .setValue("x".repeat(300))).build())).get().asString().endsWith("is 300 bytes long; at most 255 "
                        + "bytes are allowed");
        assertThat(FrameworkInfoChecks.problem(TermFixture.framework("f").setFailoverTimeout(Double.NaN).build()))
                .hasValue("'framework_info.failover_timeout' must be a finite, non-negative number of seconds, got "
                        + "NaN");
        assertThat(FrameworkInfoChecks.problem(TermFixture.framework("f").setFailoverTimeout(604800).build()))
                .isEmpty();
    }
}
