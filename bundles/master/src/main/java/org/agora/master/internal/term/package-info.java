/**
 * One leadership term: {@link org.agora.master.internal.term.LeaderTerm} builds its parts from the registry in
 * dependency order and drops them whole when leadership is lost. {@code AgentEvents} and {@code FrameworkEvents} are
 * the listeners that tie agent and framework membership to offers, tasks and the allocator;
 * {@code SchedulerCalls} and {@code AgentOperations} are the scheduler's and the operator's calls;
 * {@link org.agora.master.internal.term.OperatorEvents} is the operator API's event stream (SUBSCRIBE), fed by those
 * listeners and by the task side as changes happen.
 */
package org.agora.master.internal.term;
