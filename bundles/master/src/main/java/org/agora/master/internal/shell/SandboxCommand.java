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
package org.agora.master.internal.shell;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.MasterView;
import org.agora.master.internal.agent.AgentSnapshot;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code agora:sandbox [-n lines] [-f] ls|cat|tail <task-id> [path]}: a task's sandbox, read through its agent's
 * {@code /files} API as the web UI reads it through the master. The sandbox is the newest run of the task's
 * executor (and in it {@code tasks/<task-id>} for a task of a task group); paths are relative to it, {@code stdout}
 * when none is given to cat or tail. {@code tail -f} prints what is appended, once a second, until Ctrl-C.
 */
@Command(scope = "agora", name = "sandbox", description = "Lists or reads a task's sandbox: ls [dir], cat [file], "
        + "[-n lines] [-f] tail [file]; files default to stdout.")
@Service
public class SandboxCommand implements Action {
    private static final long PAGE = 1024 * 1024;
    private static final long TAIL_WINDOW = 64 * 1024;

    @Reference
    MasterView master;

    @Argument(index = 0, name = "operation", description = "ls, cat or tail", required = true)
    @Completion(value = StringsCompleter.class, values = {"ls", "cat", "tail"})
    String operation;

    @Argument(index = 1, name = "task", description = "The task's id", required = true)
    @Completion(TaskIdCompleter.class)
    String task;

    @Argument(index = 2, name = "path", description = "A file or directory in the sandbox", required = false)
    String path;

    @Option(name = "-n", aliases = "--lines", description = "How many last lines tail prints (10)")
    int lines = 10;

    @Option(name = "-f", aliases = "--follow", description = "tail: keep printing what is appended until Ctrl-C")
    boolean follow;

    @Override
    public Object execute() throws Exception {
        if (!List.of("ls", "cat", "tail").contains(operation)) {
            throw new IllegalArgumentException("Unknown operation '" + operation + "'; allowed: ls, cat, tail");
        }
        if (path != null && (path.equals("..") || path.startsWith("../") || path.contains("/../")
                || path.endsWith("/.."))) {
            throw new IllegalArgumentException("Path '" + path + "' leaves the task's sandbox");
        }
        MasterSnapshot s = Await.snapshot(master);
        if (!s.leading()) {
            throw new IllegalStateException("This master is not the leader; use the shell of the leader"
                    + s.leader().map(l -> " at " + l.getHostname() + ":" + l.getPort()).orElse(""));
        }
        TaskRows.Row row = TaskRows.find(s, task);
        String agentId = row.task().getAgentId().getValue();
        AgentSnapshot agent = s.agents().stream().filter(a -> a.id().equals(agentId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Agent " + agentId + " of task " + task
                        + " is not registered with this master: its sandbox cannot be reached"));
        AgentFiles files = new AgentFiles(agentId, agent.info().getHostname(), agent.info().getPort());
        String sandbox = sandbox(files, row, agentId);
        String relative = path == null ? (operation.equals("ls") ? "" : "stdout") : path.replaceAll("^/+", "");
        String target = relative.isEmpty() ? sandbox : sandbox + "/" + relative;
        switch (operation) {
            case "ls" -> list(files.browse(target));
            case "cat" -> cat(files, target);
            default -> tail(files, target);
        }
        return null;
    }

    /** The newest run of the task's executor; in it, the task's own directory when it ran in a task group. */
    private String sandbox(AgentFiles files, TaskRows.Row row, String agentId) throws InterruptedException {
        String executor = row.task().hasExecutorId() ? row.task().getExecutorId().getValue() : task;
        String runs = agentId + "/frameworks/" + row.framework().id() + "/executors/" + executor + "/runs";
        AgentFiles.Entry run = files.browse(runs).stream().filter(AgentFiles.Entry::directory)
                .max(Comparator.comparingDouble(AgentFiles.Entry::mtime))
                .orElseThrow(() -> new IllegalStateException("Agent " + agentId + " has no run of executor "
                        + executor + " in " + runs));
        boolean group = files.browse(run.path()).stream().anyMatch(e -> e.directory() && e.name().equals("tasks"));
        return group ? run.path() + "/tasks/" + task : run.path();
    }

    private static void list(List<AgentFiles.Entry> entries) {
        ShellTable table = new ShellTable();
        table.column("Mode");
        table.column("Size").alignRight();
        table.column("Modified");
        table.column("Name");
        entries.stream().sorted(Comparator.comparing(AgentFiles.Entry::name)).forEach(e -> table.addRow().addContent(
                e.mode(), e.size(), java.time.Instant.ofEpochSecond((long) e.mtime()).toString(),
                e.name() + (e.directory() ? "/" : "")));
        table.print(System.out);
    }

    private static void cat(AgentFiles files, String target) throws InterruptedException {
        long size = files.read(target, -1, 0).offset();
        long offset = 0;
        while (offset < size) {
            long length = Math.min(PAGE, size - offset);
            AgentFiles.Chunk chunk = files.read(target, offset, length);
            if (chunk.data().isEmpty()) {
                break; // the file shrank meanwhile
            }
            System.out.print(chunk.data());
            offset += length;
        }
        System.out.flush();
    }

    private void tail(AgentFiles files, String target) throws InterruptedException {
        if (lines < 0) {
            throw new IllegalArgumentException("-n " + lines + " is not a number of lines");
        }
        long size = files.read(target, -1, 0).offset();
        long start = Math.max(0, size - TAIL_WINDOW);
        String text = files.read(target, start, size - start).data();
        System.out.print(lastLines(text, lines));
        System.out.flush();
        if (follow) {
            try {
                follow(files, target, size);
            } catch (InterruptedException e) {
                // Ctrl-C: following ends here
            }
        }
    }

    private static void follow(AgentFiles files, String target, long from) throws InterruptedException {
        long offset = from;
        while (!Thread.currentThread().isInterrupted()) {
            TimeUnit.SECONDS.sleep(1); // polling the agent for appended output, as the web UI does
            long now = files.read(target, -1, 0).offset();
            if (now < offset) {
                offset = 0; // truncated: read it again from its start
            }
            if (now > offset) {
                long length = Math.min(PAGE, now - offset);
                System.out.print(files.read(target, offset, length).data());
                System.out.flush();
                offset += length;
            }
        }
    }

    /** The last {@code n} lines of {@code text} (a last line without a newline counts). */
    static String lastLines(String text, int n) {
        int end = text.endsWith("\n") ? text.length() - 1 : text.length();
        int at = end;
        for (int i = 0; i < n && at > 0; i++) {
            at = text.lastIndexOf('\n', at - 1);
            if (at < 0) {
                return text;
            }
        }
        return n == 0 ? "" : at == end ? text : text.substring(at + 1);
    }
}
