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
package org.agora.containerizer.mesos.internal;

import java.util.Optional;

/**
 * Every test of {@link ImageContainerTest} again with the launcher the containerizer falls back to where the native
 * one cannot be used ({@code launcher = script}, a bundle built without gcc, another platform): the
 * {@code /bin/sh} script under {@code unshare}. Both must behave alike.
 */
class ImageContainerScriptTest extends ImageContainerTest {
    @Override
    NativeContainerizer newContainerizer() {
        return new NativeContainerizer(ContainerizerSettings.parse("namespaces/pid"),
                ContainerizerSettings.DEFAULT_THREADS, Optional.empty());
    }

    @Override
    boolean meansNativeLauncher() {
        return false;
    }
}
