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
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/** Fills any message with random values of every kind, edge cases included, from a seeded {@link Random}. */
final class RandomMessages {

    private static final int MAX_DEPTH = 4;

    private final Random random;

    RandomMessages(long seed) {
        this.random = new Random(seed);
    }

    <B extends Message.Builder> B fill(B builder) {
        fill(builder, 0);
        return builder;
    }

    private void fill(Message.Builder builder, int depth) {
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            boolean isMessage = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
            if (!field.isRequired() && (random.nextInt(3) == 0 || isMessage && depth >= MAX_DEPTH)) {
                continue;
            }
            if (field.isMapField()) {
                FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
                FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
                Set<Object> keys = new HashSet<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    Object key = value(null, keyField, depth);
                    if (keys.add(key)) {
                        Message.Builder entry = builder.newBuilderForField(field);
                        entry.setField(keyField, key);
                        entry.setField(valueField, value(entry, valueField, depth + 1));
                        builder.addRepeatedField(field, entry.build());
                    }
                }
            } else if (field.isRepeated()) {
                for (int i = random.nextInt(4); i > 0; i--) {
                    builder.addRepeatedField(field, value(builder, field, depth + 1));
                }
            } else {
                builder.setField(field, value(builder, field, depth + 1));
            }
        }
    }

    private Object value(Message.Builder parent, FieldDescriptor field, int depth) {
        return switch (field.getJavaType()) {
            case INT -> pick(random.nextInt(), 0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case LONG -> pick(random.nextLong(), 0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT -> randomFloat();
            case DOUBLE -> randomDouble();
            case BOOLEAN -> random.nextBoolean();
            case STRING -> randomString();
            case BYTE_STRING -> {
                byte[] bytes = new byte[random.nextInt(12)];
                random.nextBytes(bytes);
                yield ByteString.copyFrom(bytes);
            }
            case ENUM -> {
                EnumDescriptor type = field.getEnumType();
                yield type.getValues().get(random.nextInt(type.getValues().size()));
            }
            case MESSAGE -> {
                Message.Builder sub = parent.newBuilderForField(field);
                fill(sub, depth);
                yield sub.build();
            }
        };
    }

    @SafeVarargs
    private <T> T pick(T usual, T... edges) {
        return random.nextInt(4) == 0 ? edges[random.nextInt(edges.length)] : usual;
    }

    private double randomDouble() {
        double d = switch (random.nextInt(6)) {
            case 0 -> Double.longBitsToDouble(random.nextLong());
            case 1 -> random.nextInt(1000);
            case 2 -> (random.nextDouble() - 0.5) * 1e6;
            case 3 -> pick(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                    Double.MIN_VALUE, Double.MAX_VALUE, 1e-300);
            default -> random.nextGaussian();
        };
        return Double.isNaN(d) ? Double.NaN : d; // JSON has only the canonical NaN
    }

    private float randomFloat() {
        float f = switch (random.nextInt(4)) {
            case 0 -> Float.intBitsToFloat(random.nextInt());
            case 1 -> random.nextInt(1000);
            case 2 -> pick(0.1f, -0.0f, Float.NaN, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE);
            default -> (float) random.nextGaussian();
        };
        return Float.isNaN(f) ? Float.NaN : f;
    }

    private String randomString() {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            switch (random.nextInt(8)) {
                case 0 -> s.append((char) random.nextInt(0x20)); // control characters
                case 1 -> s.append("\"\\/\u007f\u2028".charAt(random.nextInt(5)));
                case 2 -> s.append((char) (0xa0 + random.nextInt(0xd7ff - 0xa0))); // BMP, no surrogates
                case 3 -> s.appendCodePoint(0x10000 + random.nextInt(0x10ffff - 0x10000)); // surrogate pair
                default -> s.append((char) (0x20 + random.nextInt(0x5f)));
            }
        }
        return s.toString();
    }
}
