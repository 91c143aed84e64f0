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
package org.agora.master.internal.http;

import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.http.HttpException;

/**
 * The checks Mesos makes of a scheduler call before it reaches the master (malformed → 400): the payload of the
 * type is present, and what Agora cannot do yet is refused with a clear message instead of half done.
 */
final class CallChecks {
    private CallChecks() {
    }

    static void check(Call call) {
        switch (call.getType()) {
            case ACCEPT -> {
                require(call.hasAccept(), "accept");
                for (Offer.Operation op : call.getAccept().getOperationsList()) {
                    switch (op.getType()) {
                        case LAUNCH -> require(op.hasLaunch(), "accept.operations[].launch");
                        case LAUNCH_GROUP -> require(op.hasLaunchGroup(), "accept.operations[].launch_group");
                        case RESERVE -> require(op.hasReserve(), "accept.operations[].reserve");
                        case UNRESERVE -> require(op.hasUnreserve(), "accept.operations[].unreserve");
                        default -> throw HttpException.badRequest("Offer operation " + op.getType()
                                + " is not supported by Agora yet; LAUNCH, LAUNCH_GROUP, RESERVE and UNRESERVE are");
                    }
                }
            }
            case DECLINE -> require(call.hasDecline(), "decline");
            case KILL -> require(call.hasKill(), "kill");
            case SHUTDOWN -> require(call.hasShutdown(), "shutdown");
            case ACKNOWLEDGE -> {
                require(call.hasAcknowledge(), "acknowledge");
                if (call.getAcknowledge().getUuid().size() != 16) {
                    throw HttpException.badRequest("'acknowledge.uuid' is not a valid UUID (16 bytes)");
                }
            }
            case RECONCILE -> require(call.hasReconcile(), "reconcile");
            case MESSAGE -> require(call.hasMessage(), "message");
            case UPDATE_FRAMEWORK -> require(call.hasUpdateFramework(), "update_framework");
            default -> { }
        }
    }

    private static void require(boolean present, String field) {
        if (!present) {
            throw HttpException.badRequest("Expecting '" + field + "' to be present");
        }
    }
}
