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
package org.agora.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.Protos.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins wire facts of the generated classes against numbers taken from Apache Mesos 1.x. A
 * renumbered field, a wrong label or a lost default breaks compatibility with real
 * schedulers, executors and operator tools, so each one fails here.
 */
class ProtoWireCompatibilityTest {

    private static final Map<String, Descriptor> MESSAGES = Map.ofEntries(
            Map.entry("TaskStatus", Protos.TaskStatus.getDescriptor()),
            Map.entry("Offer", Protos.Offer.getDescriptor()),
            Map.entry("Offer.Operation", Protos.Offer.Operation.getDescriptor()),
            Map.entry("FrameworkInfo", Protos.FrameworkInfo.getDescriptor()),
            Map.entry("Resource", Protos.Resource.getDescriptor()),
            Map.entry("Resource.ReservationInfo", Protos.Resource.ReservationInfo.getDescriptor()),
            Map.entry("Resource.DiskInfo.Source", Protos.Resource.DiskInfo.Source.getDescriptor()),
            Map.entry("Attribute", Protos.Attribute.getDescriptor()),
            Map.entry("TaskInfo", Protos.TaskInfo.getDescriptor()),
            Map.entry("Task", Protos.Task.getDescriptor()),
            Map.entry("MasterInfo", Protos.MasterInfo.getDescriptor()),
            Map.entry("AgentInfo", Protos.AgentInfo.getDescriptor()),
            Map.entry("ExecutorInfo", Protos.ExecutorInfo.getDescriptor()),
            Map.entry("OperationStatus", Protos.OperationStatus.getDescriptor()),
            Map.entry("HealthCheck", Protos.HealthCheck.getDescriptor()),
            Map.entry("scheduler.Call", org.agora.api.v1.scheduler.Protos.Call.getDescriptor()),
            Map.entry("scheduler.Call.Subscribe", org.agora.api.v1.scheduler.Protos.Call.Subscribe.getDescriptor()),
            Map.entry("scheduler.Event", org.agora.api.v1.scheduler.Protos.Event.getDescriptor()),
            Map.entry("executor.Call", org.agora.api.v1.executor.Protos.Call.getDescriptor()),
            Map.entry("executor.Call.Message", org.agora.api.v1.executor.Protos.Call.Message.getDescriptor()),
            Map.entry("executor.Event", org.agora.api.v1.executor.Protos.Event.getDescriptor()),
            Map.entry("master.Call", org.agora.api.v1.master.Protos.Call.getDescriptor()),
            Map.entry("master.Response", org.agora.api.v1.master.Protos.Response.getDescriptor()),
            Map.entry("master.Response.GetAgents.Agent",
                    org.agora.api.v1.master.Protos.Response.GetAgents.Agent.getDescriptor()),
            Map.entry("master.Response.GetFrameworks.Framework",
                    org.agora.api.v1.master.Protos.Response.GetFrameworks.Framework.getDescriptor()),
            Map.entry("master.Event", org.agora.api.v1.master.Protos.Event.getDescriptor()),
            Map.entry("agent.Response", org.agora.api.v1.agent.Protos.Response.getDescriptor()),
            Map.entry("quota.QuotaConfig", org.agora.api.v1.quota.Protos.QuotaConfig.getDescriptor()));

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @CsvSource({
        "TaskStatus, uuid, 11", "TaskStatus, source, 9", "TaskStatus, reason, 10", "TaskStatus, timestamp, 6",
        "TaskStatus, check_status, 15", "TaskStatus, limitation, 16",
        "Offer, url, 8", "Offer, allocation_info, 10", "Offer, domain, 11", "Offer, executor_ids, 6",
        "Offer.Operation, id, 12", "Offer.Operation, launch_group, 7", "Offer.Operation, destroy_disk, 16",
        "FrameworkInfo, roles, 12", "FrameworkInfo, role, 6", "FrameworkInfo, offer_filters, 13",
        "Resource, allocation_info, 11", "Resource, reservations, 13", "Resource, provider_id, 12",
        "Resource, reservation, 8", "Resource.ReservationInfo, type, 4", "Resource.ReservationInfo, role, 3",
        "Resource.DiskInfo.Source, vendor, 7", "Attribute, set, 6", "Attribute, text, 5",
        "TaskInfo, limits, 15", "TaskInfo, check, 13", "TaskInfo, max_completion_time, 14",
        "Task, status_update_uuid, 10", "Task, user, 14", "Task, limits, 17",
        "MasterInfo, capabilities, 9", "AgentInfo, port, 8", "AgentInfo, domain, 10",
        "ExecutorInfo, type, 15", "ExecutorInfo, shutdown_grace_period, 13",
        "OperationStatus, agent_id, 6", "OperationStatus, resource_provider_id, 7",
        "HealthCheck, http, 1", "HealthCheck, command, 7", "HealthCheck, tcp, 9",
        "scheduler.Call, update_framework, 19", "scheduler.Call, revive, 15", "scheduler.Call, suppress, 16",
        "scheduler.Call, acknowledge_operation_status, 17", "scheduler.Call, reconcile_operations, 18",
        "scheduler.Call.Subscribe, suppressed_roles, 2", "scheduler.Call.Subscribe, offer_constraints, 3",
        "scheduler.Event, update_operation_status, 11", "scheduler.Event, rescind_inverse_offer, 10",
        "executor.Call, executor_id, 1", "executor.Call, type, 3", "executor.Call.Message, data, 2",
        "executor.Event, launch_group, 8", "executor.Event, acknowledged, 3",
        "master.Call, drain_agent, 21", "master.Call, update_quota, 20", "master.Call, grow_volume, 18",
        "master.Response, get_agents, 10", "master.Response, get_operations, 20", "master.Response, get_quota, 19",
        "master.Response.GetAgents.Agent, deactivated, 12", "master.Response.GetAgents.Agent, drain_info, 13",
        "master.Response.GetFrameworks.Framework, recovered, 11",
        "master.Response.GetFrameworks.Framework, offer_constraints, 12",
        "master.Event, framework_removed, 9",
        "agent.Response, get_agent, 15", "agent.Response, get_operations, 18",
        "quota.QuotaConfig, limits, 3",
    })
    void fieldNumbersMatchMesos(String message, String field, int number) {
        FieldDescriptor descriptor = MESSAGES.get(message).findFieldByName(field);
        assertThat(descriptor).as(message + "." + field).isNotNull();
        assertThat(descriptor.getNumber()).isEqualTo(number);
    }

    @Test
    void taskStatesKeepTheirHistoricNumbers() {
        assertThat(TaskState.TASK_GONE_BY_OPERATOR.getNumber()).isEqualTo(12);
        assertThat(numbers(TaskState.getDescriptor())).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("TASK_STAGING", 6), Map.entry("TASK_STARTING", 0), Map.entry("TASK_RUNNING", 1),
                Map.entry("TASK_KILLING", 8), Map.entry("TASK_FINISHED", 2), Map.entry("TASK_FAILED", 3),
                Map.entry("TASK_KILLED", 4), Map.entry("TASK_ERROR", 7), Map.entry("TASK_LOST", 5),
                Map.entry("TASK_DROPPED", 9), Map.entry("TASK_UNREACHABLE", 10), Map.entry("TASK_GONE", 11),
                Map.entry("TASK_GONE_BY_OPERATOR", 12), Map.entry("TASK_UNKNOWN", 13)));
    }

    @Test
    void taskStatusReasonsCoverAllMesosValues() {
        Map<String, Integer> reasons = numbers(TaskStatus.Reason.getDescriptor());
        assertThat(reasons).hasSize(35)
                .containsEntry("REASON_COMMAND_EXECUTOR_FAILED", 0)
                .containsEntry("REASON_CONTAINER_LIMITATION_MEMORY", 8)
                .containsEntry("REASON_RECONCILIATION", 9)
                .containsEntry("REASON_TASK_KILLED_DURING_LAUNCH", 30)
                .containsEntry("REASON_MAX_COMPLETION_TIME_REACHED", 33)
                .containsEntry("REASON_AGENT_DRAINING", 34);
        assertThat(reasons.values()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(0, 34).boxed().toList());
    }

    @Test
    void operatorCallAndResponseTypesAreNumberedIndependently() {
        assertThat(org.agora.api.v1.master.Protos.Call.Type.GET_AGENTS.getNumber()).isEqualTo(10);
        assertThat(org.agora.api.v1.master.Protos.Response.Type.GET_AGENTS.getNumber()).isEqualTo(9);
        assertThat(org.agora.api.v1.master.Protos.Call.Type.REACTIVATE_AGENT.getNumber()).isEqualTo(39);
        assertThat(org.agora.api.v1.master.Protos.Call.Type.GET_OPERATIONS.getNumber()).isEqualTo(33);
        assertThat(numbers(org.agora.api.v1.master.Protos.Call.Type.getDescriptor()).values())
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(0, 39).boxed().toList());
        assertThat(numbers(org.agora.api.v1.master.Protos.Response.Type.getDescriptor()).values())
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(0, 19).boxed().toList());
        // Mesos's 0..32, and Agora's SUBSCRIBE far from them
        assertThat(numbers(org.agora.api.v1.agent.Protos.Call.Type.getDescriptor()).values())
                .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(java.util.stream.IntStream
                        .rangeClosed(0, 32).boxed(), java.util.stream.Stream.of(100)).toList());
    }

    @Test
    void schedulerAndExecutorTypeEnumsMatchMesos() {
        assertThat(org.agora.api.v1.scheduler.Protos.Call.Type.UPDATE_FRAMEWORK.getNumber()).isEqualTo(17);
        assertThat(org.agora.api.v1.scheduler.Protos.Event.Type.UPDATE_OPERATION_STATUS.getNumber()).isEqualTo(11);
        assertThat(org.agora.api.v1.executor.Protos.Call.Type.HEARTBEAT.getNumber()).isEqualTo(4);
        assertThat(org.agora.api.v1.executor.Protos.Event.Type.HEARTBEAT.getNumber()).isEqualTo(9);
        assertThat(Protos.Offer.Operation.Type.GROW_VOLUME.getNumber()).isEqualTo(11);
        assertThat(Protos.FrameworkInfo.Capability.Type.REGION_AWARE.getNumber()).isEqualTo(8);
        assertThat(Protos.AgentInfo.Capability.Type.TASK_RESOURCE_LIMITS.getNumber()).isEqualTo(8);
    }

    @Test
    void labelsAndDefaultsMatchMesos() {
        FieldDescriptor role = Protos.FrameworkInfo.getDescriptor().findFieldByName("role");
        assertThat(role.getDefaultValue()).isEqualTo("*");
        assertThat(role.getOptions().getDeprecated()).isTrue();
        assertThat(Protos.FrameworkInfo.getDescriptor().findFieldByName("user").isRequired()).isTrue();
        assertThat(Protos.Filters.getDefaultInstance().getRefuseSeconds()).isEqualTo(5.0);
        assertThat(Protos.MasterInfo.getDefaultInstance().getPort()).isEqualTo(5050);
        assertThat(Protos.AgentInfo.getDefaultInstance().getPort()).isEqualTo(5051);
        assertThat(Protos.CommandInfo.getDefaultInstance().getShell()).isTrue();
        assertThat(Protos.CommandInfo.URI.getDefaultInstance().getExtract()).isTrue();
        assertThat(Protos.HealthCheck.getDefaultInstance().getConsecutiveFailures()).isEqualTo(3);
        assertThat(Protos.HealthCheck.getDefaultInstance().getTimeoutSeconds()).isEqualTo(20.0);
        assertThat(Protos.Environment.Variable.getDefaultInstance().getType())
                .isEqualTo(Protos.Environment.Variable.Type.VALUE);
        assertThat(Protos.ContainerInfo.DockerInfo.getDefaultInstance().getNetwork())
                .isEqualTo(Protos.ContainerInfo.DockerInfo.Network.HOST);
        assertThat(Protos.Resource.getDescriptor().findFieldByName("reservations").isRepeated()).isTrue();
        assertThat(Protos.TaskStatus.getDescriptor().findFieldByName("uuid").getType())
                .isEqualTo(FieldDescriptor.Type.BYTES);
        assertThat(Protos.MasterInfo.getDescriptor().findFieldByName("ip").getType())
                .isEqualTo(FieldDescriptor.Type.UINT32);
    }

    @Test
    void drainAgentGracePeriodIsAProtobufDuration() {
        FieldDescriptor field = org.agora.api.v1.master.Protos.Call.DrainAgent.getDescriptor()
                .findFieldByName("max_grace_period");
        assertThat(field.getNumber()).isEqualTo(2);
        assertThat(field.getMessageType().getFullName()).isEqualTo("google.protobuf.Duration");
    }

    @Test
    void protoPackagesAreMesosPackages() {
        assertThat(Protos.getDescriptor().getPackage()).isEqualTo("mesos.v1");
        assertThat(org.agora.api.v1.scheduler.Protos.getDescriptor().getPackage()).isEqualTo("mesos.v1.scheduler");
        assertThat(org.agora.api.v1.master.Protos.Call.getDescriptor().getFullName()).isEqualTo("mesos.v1.master.Call");
        assertThat(org.agora.api.v1.agent.Protos.Call.getDescriptor().getFullName()).isEqualTo("mesos.v1.agent.Call");
    }

    @Test
    void encodesFieldsWithMesosTags() {
        // AgentID{value: "a"}: tag (1 << 3 | 2) = 0x0a, length 1, 'a'.
        assertThat(AgentID.newBuilder().setValue("a").build().toByteArray())
                .containsExactly(0x0a, 0x01, 'a');
        // executor Call.Message{data: "x"}: field 2, so tag 0x12.
        assertThat(org.agora.api.v1.executor.Protos.Call.Message.newBuilder()
                .setData(ByteString.copyFromUtf8("x")).build().toByteArray())
                .containsExactly(0x12, 0x01, 'x');
        // TaskStatus.uuid is field 11, length-delimited: tag (11 << 3 | 2) = 0x5a.
        byte[] status = TaskStatus.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue("t"))
                .setState(TaskState.TASK_RUNNING)
                .setUuid(ByteString.copyFrom(new byte[] {7}))
                .build().toByteArray();
        assertThat(status).containsSequence(0x5a, 0x01, 0x07);
    }

    @Test
    void schedulerEventSurvivesARoundTrip() throws InvalidProtocolBufferException {
        Offer offer = Offer.newBuilder()
                .setId(OfferID.newBuilder().setValue("m-O1"))
                .setFrameworkId(FrameworkID.newBuilder().setValue("m-0000"))
                .setAgentId(AgentID.newBuilder().setValue("m-S0"))
                .setHostname("agent1")
                .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("eng"))
                .addResources(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                        .setRanges(Value.Ranges.newBuilder()
                                .addRange(Value.Range.newBuilder().setBegin(31000).setEnd(-1L))))
                .build();
        var event = org.agora.api.v1.scheduler.Protos.Event.newBuilder()
                .setType(org.agora.api.v1.scheduler.Protos.Event.Type.OFFERS)
                .setOffers(org.agora.api.v1.scheduler.Protos.Event.Offers.newBuilder().addOffers(offer))
                .build();

        var decoded = org.agora.api.v1.scheduler.Protos.Event.parseFrom(event.toByteArray());

        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.getOffers().getOffers(0).getResources(0).getRanges().getRange(0).getEnd())
                .as("uint64 max survives").isEqualTo(-1L);
    }

    @Test
    void unknownEnumValuesDecodeAsUnknownInsteadOfFailing() throws InvalidProtocolBufferException {
        // Call{type: 99} from a newer client: proto2 keeps it as an unknown field.
        byte[] wire = {0x10, 99};
        var call = org.agora.api.v1.scheduler.Protos.Call.parseFrom(wire);
        assertThat(call.getType()).isEqualTo(org.agora.api.v1.scheduler.Protos.Call.Type.UNKNOWN);
        assertThat(call.getUnknownFields().hasField(2)).isTrue();
    }

    private static Map<String, Integer> numbers(EnumDescriptor descriptor) {
        return descriptor.getValues().stream()
                .collect(Collectors.toMap(v -> v.getName(), v -> v.getNumber()));
    }
}
