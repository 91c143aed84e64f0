/**
 * Launching (ACCEPT, LAUNCH_GROUP, RESERVE/UNRESERVE inside ACCEPT: {@code Launcher}), tasks after launch
 * ({@code TaskManager}), and executors ({@code ExecutorManager}, which kills command tasks through the narrow
 * {@code TaskKiller}).
 */
package org.agora.master.internal.task;
