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
package org.agora.hooks.attributes.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The attributes hook's options (PID {@code org.agora.hooks.attributes}). */
@ObjectClassDefinition(name = "Agora attributes hook", description = "An agent hook: tasks (and custom executors) "
        + "that carry the label '<label>=true' get the agent's attributes as <prefix><NAME> variables, and its "
        + "hostname and id as <prefix>HOSTNAME and <prefix>AGENT_ID. Hooks add variables and never replace one: "
        + "a variable the task sets itself, or one a higher-ranked hook set, is kept.")
public @interface AttributesHookConfig {

    @AttributeDefinition(description = "The task label that asks for the variables: a task (or executor) with this "
            + "label set to 'true' gets them. Must not be empty.")
    String label() default AttributesHook.DEFAULT_LABEL;

    @AttributeDefinition(description = "What each variable's name starts with: an attribute 'rack-id' becomes "
            + "<prefix>RACK_ID (upper case; characters other than letters, digits and '_' become '_'). Must be a "
            + "valid start of a variable name (letters, digits, '_'; not a digit first).")
    String prefix() default AttributesHook.DEFAULT_PREFIX;

    @AttributeDefinition(description = "Every task and executor gets the variables, labelled or not.")
    boolean all_tasks() default false;

    @AttributeDefinition(description = "This hook's place among the agent's hooks: hooks run highest first, and of "
            + "two hooks that set the same variable the higher ranking wins (OSGi service.ranking).")
    int service_ranking() default 0;
}
