package org.agora.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class GroupMembersTest {

    @Test
    void onlyJsonInfoChildrenWithADecimalSequenceAreMembers() {
        assertThat(GroupMembers.sequence("json.info_0000000042")).isEqualTo(OptionalLong.of(42));
        assertThat(GroupMembers.sequence("info_0000000001")).isEmpty();
        assertThat(GroupMembers.sequence("json.info_")).isEmpty();
        assertThat(GroupMembers.sequence("json.info_backup")).isEmpty();
        assertThat(GroupMembers.sequence("json.info_-0000000001")).isEmpty();
        assertThat(GroupMembers.sequence("registry")).isEmpty();
    }

    @Test
    void theLowestSequenceLeadsWhateverTheOrderOfChildren() {
        List<String> children = List.of("log_replicas", "json.info_0000000010", "info_0000000000",
                "json.info_0000000003", "registry", "json.info_0000000007");

        assertThat(GroupMembers.lowest(children)).contains("json.info_0000000003");
        assertThat(GroupMembers.lowest(List.of("registry", "info_0000000000"))).isEmpty();
    }
}
