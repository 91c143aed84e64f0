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
 * Marathon's {@code /v2} REST API on Netty ({@code V2Api}, {@code AppsResource}, {@code GroupsResource}): requests are
 * parsed on the network threads and handed to the scheduler's actor; errors in Marathon's shapes ({@code ApiErrors}); a
 * follower redirects to the leader ({@code Leadership}).
 */
package org.agora.services.internal.api;
