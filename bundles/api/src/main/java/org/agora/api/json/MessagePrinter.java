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
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.util.Base64;

/**
 * Prints a message the way Mesos's {@code JSON::protobuf} does: fields in declaration order under their
 * {@code .proto} names, enums by name, integers as numbers, bytes as base64, maps as objects.
 */
final class MessagePrinter {

    private final JsonWriter out;
    private final boolean explicitDefaults;
    // Writes a nested message itself (e.g. from a cache) and answers true, or answers false to have it printed.
    private final java.util.function.Predicate<Message> substitute;

    /**
     * @param explicitDefaults also print unset optional scalar fields that declare a {@code [default = …]} and
     *     are not deprecated, as Mesos itself does
     */
    MessagePrinter(JsonWriter out, boolean explicitDefaults) {
        this(out, explicitDefaults, m -> false);
    }

    /** @param substitute asked for each nested message first: true when it wrote the message itself */
    MessagePrinter(JsonWriter out, boolean explicitDefaults, java.util.function.Predicate<Message> substitute) {
        this.out = out;
        this.explicitDefaults = explicitDefaults;
        this.substitute = substitute;
    }

    void print(MessageOrBuilder message) {
        out.beginObject();
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.isRepeated()) {
                int count = message.getRepeatedFieldCount(field);
                if (count == 0) {
                    continue;
                }
                out.name(field.getName());
                if (field.isMapField()) {
                    printMap(message, field, count);
                } else {
                    out.beginArray();
                    for (int i = 0; i < count; i++) {
                        printValue(field, message.getRepeatedField(field, i));
                    }
                    out.endArray();
                }
            } else if (message.hasField(field) || explicitDefaults && field.hasDefaultValue()
                    && !field.getOptions().getDeprecated()) {
                out.name(field.getName());
                printValue(field, message.getField(field));
            }
        }
        out.endObject();
    }

    // A map field is a repeated entry message {key = 1; value = 2}; JSON has only string keys.
    private void printMap(MessageOrBuilder message, FieldDescriptor field, int count) {
        FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
        FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
        out.beginObject();
        for (int i = 0; i < count; i++) {
            Message entry = (Message) message.getRepeatedField(field, i);
            out.name(mapKey(keyField, entry.getField(keyField)));
            printValue(valueField, entry.getField(valueField));
        }
        out.endObject();
    }

    private static String mapKey(FieldDescriptor keyField, Object key) {
        return switch (keyField.getType()) {
            case UINT32, FIXED32 -> Integer.toUnsignedString((Integer) key);
            case UINT64, FIXED64 -> Long.toUnsignedString((Long) key);
            default -> String.valueOf(key); // string, bool and signed integers
        };
    }

    private void printValue(FieldDescriptor field, Object value) {
        switch (field.getType()) {
            case INT32, SINT32, SFIXED32 -> out.value((long) (Integer) value);
            case UINT32, FIXED32 -> out.value(Integer.toUnsignedLong((Integer) value));
            case INT64, SINT64, SFIXED64 -> out.value((long) (Long) value);
            case UINT64, FIXED64 -> out.number(Long.toUnsignedString((Long) value));
            case DOUBLE -> out.value((double) (Double) value);
            case FLOAT -> out.value((float) (Float) value);
            case BOOL -> out.value((boolean) (Boolean) value);
            case STRING -> out.value((String) value);
            case BYTES -> out.value(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case ENUM -> out.value(((EnumValueDescriptor) value).getName());
            case MESSAGE, GROUP -> {
                if (!(value instanceof Message m && substitute.test(m))) {
                    print((MessageOrBuilder) value);
                }
            }
        }
    }
}
