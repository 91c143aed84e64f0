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
package org.agora.api.json;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.Base64;
import java.util.stream.Collectors;
import org.agora.api.json.JsonReader.Token;

/**
 * Reads one JSON object into a message builder by the Mesos rules, leniently where Mesos clients rely on it
 * (unknown names ignored, {@code null} as absent, numbers and booleans sent as strings) and strictly about
 * values (ranges, integrality, enum names), with every error naming its JSON path.
 */
final class MessageParser {

    private final JsonReader in;

    MessageParser(JsonReader in) {
        this.in = in;
    }

    /** Merges the single top-level object into {@code builder}. */
    void parseDocument(Message.Builder builder) {
        if (in.peek() != Token.BEGIN_OBJECT) {
            throw error("expected a JSON object at the top level, got " + kind(in.peek()));
        }
        mergeObject(builder);
        in.peek(); // rejects anything after the object
    }

    private void mergeObject(Message.Builder builder) {
        Descriptor type = builder.getDescriptorForType();
        in.beginObject();
        while (in.hasNext()) {
            FieldDescriptor field = findField(type, in.nextName());
            if (field == null) {
                in.skipValue(); // forward compatibility: a newer client may send fields we do not know
            } else if (in.peek() == Token.NULL) {
                in.nextNull(); // Mesos treats null as "not set"
            } else if (field.isMapField()) {
                mergeMap(builder, field);
            } else if (field.isRepeated()) {
                if (in.peek() != Token.BEGIN_ARRAY) {
                    throw error("expected an array, got " + kind(in.peek()));
                }
                in.beginArray();
                while (in.hasNext()) {
                    if (in.peek() == Token.NULL) {
                        in.nextNull();
                    } else {
                        Object v = value(builder, field, null);
                        if (v != null) {
                            builder.addRepeatedField(field, v);
                        }
                    }
                }
                in.endArray();
            } else {
                Message existing = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                        && builder.hasField(field) ? (Message) builder.getField(field) : null;
                Object v = value(builder, field, existing);
                if (v != null) {
                    builder.setField(field, v);
                }
            }
        }
        in.endObject();
    }

    private void mergeMap(Message.Builder builder, FieldDescriptor field) {
        if (in.peek() != Token.BEGIN_OBJECT) {
            throw error("expected an object, got " + kind(in.peek()));
        }
        FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
        FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
        in.beginObject();
        while (in.hasNext()) {
            String name = in.nextName();
            if (in.peek() == Token.NULL) {
                in.nextNull();
                continue;
            }
            Message.Builder entry = builder.newBuilderForField(field);
            entry.setField(keyField, mapKey(keyField, name));
            Object v = value(entry, valueField, null);
            if (v != null) {
                entry.setField(valueField, v);
                builder.addRepeatedField(field, entry.buildPartial());
            }
        }
        in.endObject();
    }

    /** Reads the next (non-null) value for one element of {@code field}. */
    private Object value(Message.Builder parent, FieldDescriptor field, Message existing) {
        Token token = in.peek();
        switch (field.getJavaType()) {
            case MESSAGE -> {
                if (token != Token.BEGIN_OBJECT) {
                    throw error("expected an object, got " + kind(token));
                }
                Message.Builder sub = parent.newBuilderForField(field);
                if (existing != null) {
                    sub.mergeFrom(existing); // a repeated key merges, as Mesos's MutableMessage does
                }
                mergeObject(sub);
                return sub.buildPartial(); // required fields are checked by the caller, on the whole message
            }
            case STRING -> {
                if (token != Token.STRING) {
                    throw error("expected a string, got " + kind(token));
                }
                return in.nextString();
            }
            case BYTE_STRING -> {
                if (token != Token.STRING) {
                    throw error("expected a base64 string, got " + kind(token));
                }
                return base64(in.nextString());
            }
            case BOOLEAN -> {
                if (token == Token.BOOLEAN) {
                    return in.nextBoolean();
                }
                if (token == Token.STRING) {
                    String text = in.nextString();
                    if (text.equals("true") || text.equals("false")) {
                        return Boolean.valueOf(text);
                    }
                    throw error("expected a boolean, got \"" + text + "\"");
                }
                throw error("expected a boolean, got " + kind(token));
            }
            case ENUM -> {
                return enumValue(field, token);
            }
            case INT, LONG -> {
                return JsonNumbers.integer(field.getType(), numberText(token, "an integer"), this::error);
            }
            case FLOAT -> {
                return JsonNumbers.toFloat(numberText(token, "a number"), this::error);
            }
            case DOUBLE -> {
                return JsonNumbers.toDouble(numberText(token, "a number"), this::error);
            }
        }
        throw new IllegalStateException("unhandled field type " + field.getJavaType());
    }

    /** The text of a number, given as a JSON number or (as Mesos accepts, for 64-bit safety) a string. */
    private String numberText(Token token, String expected) {
        if (token == Token.NUMBER) {
            return in.nextNumber();
        }
        if (token == Token.STRING) {
            String text = in.nextString();
            if (JsonNumbers.isNumber(text) || JsonNumbers.isNonFinite(text)) {
                return text;
            }
            throw error("expected " + expected + ", got a string");
        }
        throw error("expected " + expected + ", got " + kind(token));
    }

    /**
     * The enum value, or null for a value this build does not know in an optional or repeated field: Mesos drops those
     * silently so that a client built against a newer protocol (a new capability type, say) still works. Unknown
     * values of required fields are errors.
     */
    private EnumValueDescriptor enumValue(FieldDescriptor field, Token token) {
        EnumDescriptor type = field.getEnumType();
        if (!field.isRequired() && (token == Token.STRING || token == Token.NUMBER)) {
            String text = token == Token.STRING ? in.nextString() : in.nextNumber();
            EnumValueDescriptor value = type.findValueByName(text);
            return value != null || !JsonNumbers.isNumber(text) ? value : enumByNumber(type, text);
        }
        if (token == Token.STRING) {
            String name = in.nextString();
            EnumValueDescriptor value = type.findValueByName(name);
            if (value == null && JsonNumbers.isNumber(name)) {
                value = enumByNumber(type, name);
            }
            if (value == null) {
                throw error("unknown value \"" + name + "\" for enum " + type.getFullName() + ", expected one of "
                        + type.getValues().stream().map(EnumValueDescriptor::getName)
                                .collect(Collectors.joining(", ")));
            }
            return value;
        }
        if (token == Token.NUMBER) {
            String number = in.nextNumber();
            EnumValueDescriptor value = enumByNumber(type, number);
            if (value == null) {
                throw error("unknown number " + number + " for enum " + type.getFullName());
            }
            return value;
        }
        throw error("expected an enum name, got " + kind(token));
    }

    private EnumValueDescriptor enumByNumber(EnumDescriptor type, String number) {
        int n = (Integer) JsonNumbers.integer(FieldDescriptor.Type.INT32, number, this::error);
        return type.findValueByNumber(n);
    }

    private Object mapKey(FieldDescriptor keyField, String name) {
        return switch (keyField.getJavaType()) {
            case STRING -> name;
            case BOOLEAN -> switch (name) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw error("map key \"" + name + "\" is not a boolean");
            };
            case INT, LONG -> {
                if (!JsonNumbers.isNumber(name)) {
                    throw error("map key \"" + name + "\" is not an integer");
                }
                yield JsonNumbers.integer(keyField.getType(), name, this::error);
            }
            default -> throw new IllegalStateException("invalid map key type " + keyField.getType());
        };
    }

    /** Standard or URL-safe base64, padded or not, as clients differ; anything else is an error. */
    private ByteString base64(String text) {
        String standard = text.replace('-', '+').replace('_', '/');
        try {
            return ByteString.copyFrom(Base64.getDecoder().decode(padded(standard)));
        } catch (IllegalArgumentException e) {
            throw error("invalid base64: " + e.getMessage());
        }
    }

    private static String padded(String base64) {
        return switch (base64.length() % 4) {
            case 2 -> base64 + "==";
            case 3 -> base64 + "=";
            default -> base64;
        };
    }

    /**
     * The field named {@code name}: by its {@code .proto} name (what Mesos sends and expects) or, as an alias,
     * by its lowerCamelCase JSON name. Looked up on the descriptor each time rather than cached in a static
     * map, which in OSGi would pin the descriptors (and class loaders) of uninstalled bundles.
     */
    private static FieldDescriptor findField(Descriptor type, String name) {
        FieldDescriptor field = type.findFieldByName(name);
        if (field != null) {
            return field;
        }
        for (FieldDescriptor candidate : type.getFields()) {
            if (candidate.getJsonName().equals(name)) {
                return candidate;
            }
        }
        return null;
    }

    private JsonParseException error(String reason) {
        String path = in.path();
        return new JsonParseException(path.isEmpty() ? reason : path + ": " + reason, path, in.tokenStart());
    }

    private static String kind(Token token) {
        return switch (token) {
            case BEGIN_OBJECT -> "an object";
            case BEGIN_ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> token.toString();
        };
    }
}
