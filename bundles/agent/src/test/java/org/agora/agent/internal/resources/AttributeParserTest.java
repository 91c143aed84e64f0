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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.agora.api.v1.Protos.Attribute;
import org.agora.api.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class AttributeParserTest {

    @Test
    void typesFollowTheValuesShape() {
        List<Attribute> a = AttributeParser.parse("rack:r1; cores:8.5;slots:[1-4,6-6];zones:{a, b}");

        assertThat(a).extracting(Attribute::getType)
                .containsExactly(Value.Type.TEXT, Value.Type.SCALAR, Value.Type.RANGES, Value.Type.SET);
        assertThat(a.get(0).getText().getValue()).isEqualTo("r1");
        assertThat(a.get(1).getScalar().getValue()).isEqualTo(8.5);
        assertThat(a.get(2).getRanges().getRangeList()).hasSize(2);
        assertThat(a.get(3).getSet().getItemList()).containsExactly("a", "b");
    }

    @Test
    void emptyTextMeansNoAttributesAndBrokenTextIsRefused() {
        assertThat(AttributeParser.parse("")).isEmpty();
        assertThatThrownBy(() -> AttributeParser.parse("rack:")).hasMessage("'rack:' is not name:value");
    }
}
