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
package org.agora.images.internal.layer;

/**
 * One tar header, after PAX and GNU long-name records are applied.
 *
 * @param name     the path as written in the archive (not yet checked)
 * @param type     the ustar type flag ({@code '0'} file, {@code '1'} hard link, {@code '2'} symlink, {@code '3'}
 *                 character device, {@code '4'} block device, {@code '5'} directory, {@code '6'} FIFO)
 * @param linkName the target of a link
 */
public record TarEntry(String name, char type, long size, int mode, long uid, long gid, long mtimeSeconds,
        String linkName) {

    public boolean isRegularFile() {
        return type == '0' || type == '\0' || type == '7';
    }

    public boolean isDirectory() {
        return type == '5';
    }
}
