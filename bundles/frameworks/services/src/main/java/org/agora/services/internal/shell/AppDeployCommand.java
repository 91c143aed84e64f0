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
package org.agora.services.internal.shell;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.agora.api.json.JsonTree;
import org.agora.services.internal.ServicesComponent;
import org.agora.services.internal.app.AppIds;
import org.agora.services.internal.app.AppJson;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/**
 * {@code agora:app-deploy}: creates or updates an app from a JSON file of Marathon's app definition, as
 * {@code PUT /v2/apps/{id}} does (the fields given replace the app's).
 */
@Command(scope = "agora", name = "app-deploy",
        description = "Creates or updates a services app from a Marathon app definition (JSON file).")
@Service
public class AppDeployCommand implements Action {

    @Reference
    ServicesComponent services;

    @Reference
    Session session;

    @Argument(index = 0, name = "file", required = true, description = "The app definition, Marathon's JSON.")
    String file;

    @Option(name = "-f", aliases = "--force", description = "Replace a deployment that locks the app.")
    boolean force;

    @Override
    @SuppressWarnings("unchecked")
    public Object execute() throws Exception {
        if (!LeaderNote.leads(services)) {
            return null;
        }
        Object parsed = JsonTree.parse(Files.readString(Path.of(file), StandardCharsets.UTF_8));
        if (!(parsed instanceof Map)) {
            System.err.println(file + ": not a JSON object");
            return null;
        }
        Map<String, Object> fields = (Map<String, Object>) parsed;
        String id = AppIds.normalize(AppJson.parseValid(fields, Optional.empty()).id());
        Map<String, Object> result = services.scheduler().update(id, fields, force, false)
                .get(30, TimeUnit.SECONDS);
        System.out.println((Boolean.TRUE.equals(result.get("created")) ? "Created " : "Updated ") + id
                + ": deployment " + result.get("deploymentId") + ", version " + result.get("version"));
        return null;
    }
}
