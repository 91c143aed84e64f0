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
package org.agora.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZkUrlTest {

    @Test
    void parsesHostsAndPath() {
        ZkUrl url = ZkUrl.parse("zk://host1:2181,host2:2181/mesos");

        assertThat(url.connectString()).isEqualTo("host1:2181,host2:2181");
        assertThat(url.path()).isEqualTo("/mesos");
        assertThat(url.credentials()).isEmpty();
        assertThat(url).hasToString("zk://host1:2181,host2:2181/mesos");
    }

    @Test
    void acceptsNestedPathsMissingPortsIpv6AndSurroundingWhitespace() {
        ZkUrl url = ZkUrl.parse("  zk://zk1,[::1]:2182,10.0.0.3:2181/agora/prod/mesos\n");

        assertThat(url.connectString()).isEqualTo("zk1,[::1]:2182,10.0.0.3:2181");
        assertThat(url.path()).isEqualTo("/agora/prod/mesos");
    }

    @Test
    void parsesDigestCredentialsAndNeverPrintsThePassword() {
        ZkUrl url = ZkUrl.parse("zk://master:s3cr:et@host:2181/mesos");

        assertThat(url.credentials()).contains(new ZkUrl.Credentials("master", "s3cr:et"));
        assertThat(url.credentials().orElseThrow().digestAuth()).asString().isEqualTo("master:s3cr:et");
        assertThat(url.connectString()).isEqualTo("host:2181");
        assertThat(url).hasToString("zk://master:***@host:2181/mesos");
        assertThat(url.credentials().orElseThrow()).hasToString("master:***");
        assertThat(url.toString()).doesNotContain("s3cr");
    }

    @Test
    void theConstructorValidatesLikeParse() {
        assertThat(new ZkUrl("h:1", "/m", Optional.empty())).isEqualTo(ZkUrl.parse("zk://h:1/m"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ZkUrl("h:1", "m", Optional.empty()))
                .withMessageContaining("must start with '/'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "http://host:2181/mesos         | expected zk://host:port[,host:port]/path",
        "host:2181/mesos                | expected zk://host:port[,host:port]/path",
        "zk://host:2181                 | the path is missing",
        "zk:///mesos                    | no host given",
        "zk://host:2181/                | must name a znode below '/'",
        "zk://host:2181/mesos/          | must not end with '/'",
        "zk://host:2181/a//b            | empty segment",
        "zk://host:2181/a/../b          | relative segment '..'",
        "zk://host:abc/mesos            | port must be a number from 1 to 65535",
        "zk://host:0/mesos              | port must be a number from 1 to 65535",
        "zk://host:70000/mesos          | port must be a number from 1 to 65535",
        "zk://host:2181,,other/mesos    | empty host in the host list",
        "zk://:2181/mesos               | the host name is empty",
        "zk://[::1/mesos                | unclosed '['",
        "zk://user@host:2181/mesos      | credentials must be user:password",
        "zk://user:@host:2181/mesos     | credentials must be user:password",
    })
    void rejectsMalformedUrlsNamingTheProblem(String url, String problem) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ZkUrl.parse(url))
                .withMessageStartingWith("zk URL '" + url.strip() + "': ")
                .withMessageContaining(problem);
    }

    @Test
    void errorMessagesMaskThePassword() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ZkUrl.parse("zk://master:hunter2@host:99999/mesos"))
                .withMessage("zk URL 'zk://master:***@host:99999/mesos': host 'host:99999': "
                        + "port must be a number from 1 to 65535");
    }
}
