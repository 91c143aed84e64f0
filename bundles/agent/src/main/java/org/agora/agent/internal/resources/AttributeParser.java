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
package org.agora.agent.internal.resources;

import java.util.ArrayList;
import java.util.List;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Attribute;
import org.agora.api.v1.Protos.Value;

/**
 * Parses agent attributes in Mesos's form {@code name:value;name:value}: a number is a SCALAR, {@code [a-b,...]}
 * RANGES, <code>{a,b}</code> a SET, anything else TEXT.
 */
public final class AttributeParser {
    private AttributeParser() {
    }

    public static List<Attribute> parse(String text) {
        List<Attribute> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int colon = part.indexOf(':');
            if (colon <= 0 || colon == part.length() - 1) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not name:value");
            }
            String name = part.substring(0, colon).trim();
            String value = part.substring(colon + 1).trim();
            Attribute.Builder a = Attribute.newBuilder().setName(name);
            if (value.startsWith("[")) {
                a.setType(Value.Type.RANGES).setRanges(Resources.parse("r:" + value).toList().get(0).getRanges());
            } else if (value.startsWith("{") && value.endsWith("}")) {
                Value.Set.Builder set = Value.Set.newBuilder();
                for (String item : value.substring(1, value.length() - 1).split(",")) {
                    if (!item.isBlank()) {
                        set.addItem(item.trim());
                    }
                }
                a.setType(Value.Type.SET).setSet(set);
            } else if (isNumber(value)) {
                a.setType(Value.Type.SCALAR).setScalar(Value.Scalar.newBuilder().setValue(Double.parseDouble(value)));
            } else {
                a.setType(Value.Type.TEXT).setText(Value.Text.newBuilder().setValue(value));
            }
            out.add(a.build());
        }
        return out;
    }

    private static boolean isNumber(String s) {
        return s.matches("-?\\d+(\\.\\d+)?");
    }
}
