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
package org.agora.containerizer.mesos.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.agora.api.containerizer.ContainerizerException;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.Image;
import org.agora.api.v1.Protos.Volume;
import org.junit.jupiter.api.Test;

/** Which volumes are image volumes, which are refused before anything is pulled, and the ids they are pulled under. */
class ImageVolumesTest {
    private static Volume.Builder image(String containerPath, Volume.Mode mode, Image.Type type, String name) {
        Image.Builder image = Image.newBuilder().setType(type);
        if (type == Image.Type.DOCKER) {
            image.setDocker(Image.Docker.newBuilder().setName(name));
        }
        return Volume.newBuilder().setContainerPath(containerPath).setMode(mode).setImage(image);
    }

    @Test
    void imageVolumesAreFoundByTheirIndexAmongOthers() {
        Volume host = Volume.newBuilder().setContainerPath("/h").setMode(Volume.Mode.RO).setHostPath("/tmp").build();
        Volume a = image("/a", Volume.Mode.RO, Image.Type.DOCKER, "a:1").build();
        Volume b = image("b", Volume.Mode.RO, Image.Type.DOCKER, "b:2").build();
        assertThat(ImageVolumes.of("c1", List.of(host, a, b))).containsOnlyKeys(1, 2).containsEntry(1, a)
                .containsEntry(2, b);
        assertThat(ImageVolumes.of("c1", List.of(host))).isEmpty();
    }

    @Test
    void aReadWriteImageVolumeIsRefusedNamingItAndItsImage() {
        assertThatThrownBy(() -> ImageVolumes.of("c1", List.of(image("/data", Volume.Mode.RW, Image.Type.DOCKER,
                "app:1").build()))).isInstanceOf(ContainerizerException.class)
                .hasMessage("Container c1 not launched: volume '/data' refused: image volumes are read-only: mode "
                        + "must be RO (image 'app:1')");
    }

    @Test
    void anImageVolumeWithoutADockerNameOrWithAnotherSourceIsRefused() {
        assertThatThrownBy(() -> ImageVolumes.of("c1", List.of(image("/d", Volume.Mode.RO, Image.Type.APPC, "")
                .build()))).hasMessageContaining("volume '/d' refused: its image is of type APPC; only DOCKER");
        assertThatThrownBy(() -> ImageVolumes.of("c1", List.of(image("/d", Volume.Mode.RO, Image.Type.DOCKER, "")
                .build()))).hasMessageContaining("volume '/d' refused: its image is of type DOCKER with no "
                        + "docker.name");
        assertThatThrownBy(() -> ImageVolumes.of("c1", List.of(image("/d", Volume.Mode.RO, Image.Type.DOCKER, "x:1")
                .setHostPath("/tmp").build()))).hasMessageContaining("volume '/d' refused: it names an image and "
                        + "also a host_path");
    }

    @Test
    void eachVolumeIsPulledUnderAnIdNestedUnderItsContainers() {
        ContainerID container = ContainerID.newBuilder().setValue("c1").build();
        ContainerID id = ImageVolumes.volumeId(container, 3);
        assertThat(id.getValue()).isEqualTo("volume-3");
        assertThat(id.getParent()).isEqualTo(container);
        assertThat(DirectoryProvisioner.key(id)).isEqualTo("c1+volume-3");
    }
}
