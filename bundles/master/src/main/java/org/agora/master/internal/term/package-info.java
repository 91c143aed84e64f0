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
/**
 * One leadership term: {@link org.agora.master.internal.term.LeaderTerm} builds its parts from the registry in
 * dependency order and drops them whole when leadership is lost. {@code AgentEvents} and {@code FrameworkEvents} are
 * the listeners that tie agent and framework membership to offers, tasks and the allocator;
 * {@code SchedulerCalls} and {@code AgentOperations} are the scheduler's and the operator's calls;
 * {@link org.agora.master.internal.term.OperatorEvents} is the operator API's event stream (SUBSCRIBE), fed by those
 * listeners and by the task side as changes happen.
 */
package org.agora.master.internal.term;
