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
package org.agora.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * The decoded path and query of a request target, checked: a malformed percent-escape in either, or a NUL
 * character anywhere in them, is a 400 here, before any handler can trip over it (a NUL reaching the file system
 * is an exception, not an answer).
 */
record RequestTarget(String path, Map<String, List<String>> query) {

    /**
     * @throws HttpException 400 naming the problem
     */
    static RequestTarget parse(String uri) {
        String path;
        try {
            path = QueryStringDecoder.decodeComponent(Request.pathOf(uri));
        } catch (IllegalArgumentException e) {
            throw HttpException.badRequest("Malformed request target '" + BodyLimit.abbreviate(uri) + "': "
                    + e.getMessage());
        }
        if (path.indexOf('\0') >= 0) {
            throw HttpException.badRequest("Malformed request target '" + BodyLimit.abbreviate(uri)
                    + "': the path contains a NUL character");
        }
        Map<String, List<String>> query;
        try {
            query = new QueryStringDecoder(uri).parameters();
        } catch (IllegalArgumentException e) {
            throw HttpException.badRequest("Malformed query string in '" + BodyLimit.abbreviate(uri) + "': "
                    + e.getMessage());
        }
        query.forEach((name, values) -> {
            if (name.indexOf('\0') >= 0 || values.stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
                throw HttpException.badRequest("Malformed query string in '" + BodyLimit.abbreviate(uri)
                        + "': parameter '" + name.replace('\0', '?') + "' contains a NUL character");
            }
        });
        return new RequestTarget(path, query);
    }
}
