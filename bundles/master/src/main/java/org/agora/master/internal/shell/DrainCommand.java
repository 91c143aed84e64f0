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

import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.DrainConfig;
import org.agora.api.v1.Protos.DurationInfo;
import org.agora.master.internal.MasterView;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code agora:drain [--max-grace-period SECS] [--mark-gone] <agent-id>}: the operator API's DRAIN_AGENT. The agent
 * gets no more offers, its tasks are killed (within the grace period when one is given), and once none is left it is
 * drained (and marked gone when asked).
 */
@Command(scope = "agora", name = "drain", description = "Drains an agent: no more offers, its tasks killed; "
        + "optionally marked gone once drained.")
@Service
public class DrainCommand implements Action {

    @Reference
    MasterView master;

    @Argument(index = 0, name = "agent", description = "The agent's id", required = true)
    @Completion(AgentIdCompleter.class)
    String agent;

    @Option(name = "-g", aliases = "--max-grace-period", description = "Most seconds each task gets to end before it "
            + "is killed (default: each task's own kill policy)")
    String gracePeriod;

    @Option(name = "--mark-gone", description = "Mark the agent gone once it is drained")
    boolean markGone;

    @Override
    public Object execute() throws Exception {
        DrainConfig.Builder config = DrainConfig.newBuilder().setMarkGone(markGone);
        if (gracePeriod != null) {
            double seconds;
            try {
                seconds = Double.parseDouble(gracePeriod);
            } catch (NumberFormatException e) {
                seconds = Double.NaN;
            }
            if (!Double.isFinite(seconds) || seconds < 0) {
                throw new IllegalArgumentException("--max-grace-period '" + gracePeriod + "' is not a number of "
                        + "seconds");
            }
            config.setMaxGracePeriod(DurationInfo.newBuilder().setNanoseconds((long) (seconds * 1e9)));
        }
        AgentID id = AgentID.newBuilder().setValue(agent).build();
        Await.answer(master.operate(ops -> ops.drainAgent(id, config.build(), ShellCaller.current())));
        System.out.println("Agent " + agent + " is draining" + (gracePeriod == null ? ""
                : " (tasks get at most " + gracePeriod + " s)") + (markGone ? "; it will be marked gone once "
                + "drained" : "") + ". agora:agents shows its state.");
        return null;
    }
}
