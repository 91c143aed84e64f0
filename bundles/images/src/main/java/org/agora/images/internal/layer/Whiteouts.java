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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/**
 * How an extracted layer records deletions, in overlayfs's own form so that a layer directory can be an overlay
 * lower directory as it is: an OCI whiteout {@code .wh.<name>} becomes a character device 0/0 named {@code <name>},
 * an opaque directory ({@code .wh..wh..opq}) gets the {@code user.overlay.opaque=y} attribute (the overlay is
 * mounted with {@code userxattr}, which reads that namespace; Java can write it, unlike {@code trusted.}). The copy
 * backend reads the same two marks.
 */
public final class Whiteouts {
    static final String PREFIX = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";
    private static final String OPAQUE_XATTR = "overlay.opaque";

    private Whiteouts() {
    }

    static void markOpaque(Path dir) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            throw new IOException("the store's file system has no extended attributes, needed for opaque directory "
                    + dir.getFileName());
        }
        view.write(OPAQUE_XATTR, ByteBuffer.wrap("y".getBytes(StandardCharsets.US_ASCII)));
    }

    /** Whether {@code dir} (in an extracted layer) is an opaque directory. */
    public static boolean isOpaque(Path dir) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null || !view.list().contains(OPAQUE_XATTR)) {
            return false;
        }
        ByteBuffer buf = ByteBuffer.allocate(view.size(OPAQUE_XATTR));
        view.read(OPAQUE_XATTR, buf);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).equals("y");
    }

    static void createWhiteout(Path path) throws IOException {
        ProcessRunner.run("mknod", path.toString(), "c", "0", "0");
    }

    /** Whether {@code path} (in an extracted layer) is a whiteout: layers hold no other character devices. */
    public static boolean isWhiteout(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(path)) {
            return false;
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & 0170000) == 0020000;
    }
}
