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
package org.agora.services.internal.app;

/**
 * One of {@code fetch}: a URI the agent downloads into the sandbox before starting the instance.
 *
 * @param uri        the URI
 * @param extract    whether archives are unpacked
 * @param executable whether the file is made executable
 * @param cache      whether the agent's fetcher cache may be used
 */
public record FetchUri(String uri, boolean extract, boolean executable, boolean cache) {
}
