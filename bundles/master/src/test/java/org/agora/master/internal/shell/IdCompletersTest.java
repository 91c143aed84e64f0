package org.agora.master.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.master.internal.AllocatorService;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.FrameworkUsage;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.MasterView;
import org.apache.karaf.shell.api.console.CommandLine;
import org.junit.jupiter.api.Test;

/** The shell completes the ids the master knows, from what has been typed so far. */
class IdCompletersTest {

    private static FrameworkSnapshot framework(String id) {
        return new FrameworkSnapshot(FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue(id))
                .setName(id).setUser("nobody").build(), true, true, false, Instant.EPOCH, Optional.empty(),
                Optional.empty(), Set.of("*"), List.of(), List.of(), List.of(), List.of(),
                FrameworkUsage.of(List.of(), List.of()), Resources.empty());
    }

    private static MasterView viewOf(MasterSnapshot s) {
        return new MasterView() {
            @Override
            public CompletableFuture<MasterSnapshot> snapshot() {
                return s == null ? CompletableFuture.failedFuture(new IllegalStateException("stopped"))
                        : CompletableFuture.completedFuture(s);
            }

            @Override
            public List<AllocatorService> allocators() {
                return List.of();
            }

            @Override
            public String allocatorChoice() {
                return "";
            }

            @Override
            public CompletableFuture<org.agora.master.internal.maintenance.MaintenanceReport> maintenance() {
                return CompletableFuture.failedFuture(new IllegalStateException("not used by completers"));
            }
        };
    }

    /** The command line {@code agora:tasks <typed>} with the cursor at its end. */
    private static CommandLine typed(String typed) {
        return new CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return 1;
            }

            @Override
            public String getCursorArgument() {
                return typed;
            }

            @Override
            public int getArgumentPosition() {
                return typed.length();
            }

            @Override
            public String[] getArguments() {
                return new String[] {"agora:tasks", typed};
            }

            @Override
            public int getBufferPosition() {
                return getBuffer().length();
            }

            @Override
            public String getBuffer() {
                return "agora:tasks " + typed;
            }
        };
    }

    private static List<String> complete(MasterView view, String typed) {
        FrameworkIdCompleter c = new FrameworkIdCompleter();
        c.master = view;
        List<String> candidates = new ArrayList<>();
        c.complete(null, typed(typed), candidates);
        return candidates.stream().map(String::strip).toList();
    }

    @Test
    void frameworkIdsThatStartWithWhatWasTypedAreCandidatesTornDownOnesToo() {
        MasterSnapshot s = new MasterSnapshot(MasterInfo.newBuilder().setId("m").setIp(0).setPort(5050).build(),
                true, Optional.empty(), Instant.EPOCH, Optional.empty(), List.of(), List.of(),
                new FrameworkSnapshot.All(List.of(framework("abc-0001"), framework("abd-0002")),
                        List.of(framework("abc-0003"))), Map.of(), "drf", Map.of(), Map.of(), List.of());

        assertThat(complete(viewOf(s), "abc")).containsExactlyInAnyOrder("abc-0001", "abc-0003");
        assertThat(complete(viewOf(s), "x")).isEmpty();
    }

    @Test
    void aMasterThatDoesNotAnswerOffersNoCandidates() {
        assertThat(complete(viewOf(null), "")).isEmpty();
    }
}
