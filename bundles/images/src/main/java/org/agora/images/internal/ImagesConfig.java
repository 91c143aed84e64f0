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
package org.agora.images.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The image provisioner's options (PID {@code org.agora.images}); names follow Mesos's agent flags. */
@ObjectClassDefinition(name = "Agora image provisioner", description = "Container root file systems from Docker "
        + "and OCI images: registry or local store, layer store, rootfs backend, image GC.")
public @interface ImagesConfig {

    @AttributeDefinition(description = "Where images without a registry in their name come from (Mesos: "
            + "--docker_registry): a registry URL, or a local directory (an absolute path or file:// URL) of docker "
            + "save archives and OCI image layouts, which then serves every image.")
    String docker_registry() default "https://registry-1.docker.io";

    @AttributeDefinition(description = "A Docker config.json with registry credentials ({\"auths\": {\"host\": "
            + "{\"auth\": base64(user:password)}}}) (Mesos: --docker_config). Empty: none. An image's "
            + "Image.Docker.config adds to it.")
    String docker_config() default "";

    @AttributeDefinition(description = "The layer store (Mesos: --docker_store_dir). "
            + "Empty: ${karaf.data}/images/store.")
    String store_dir() default "";

    @AttributeDefinition(description = "Where container root file systems are assembled. Empty: "
            + "${karaf.data}/images/provisioner.")
    String provisioner_dir() default "";

    @AttributeDefinition(description = "The rootfs backend (Mesos: --image_provisioner_backend): overlay or copy. "
            + "Empty: overlay where the kernel has overlayfs, copy otherwise.")
    String backend() default "";

    @AttributeDefinition(description = "The platform whose manifest is taken from multi-platform images, "
            + "os/architecture[/variant]. Empty: this machine's (linux/amd64, linux/arm64, ...).")
    String platform() default "";

    @AttributeDefinition(description = "Layers pulled and extracted at the same time.")
    int pull_threads() default 4;

    @AttributeDefinition(description = "Connect and response timeout of registry requests, in milliseconds.")
    long registry_timeout_ms() default 60_000;

    @AttributeDefinition(description = "How often the image GC looks at the store, in milliseconds (Mesos: "
            + "image_gc_config.image_disk_watermark_interval). 0: no automatic GC.")
    long gc_interval_ms() default 300_000;

    @AttributeDefinition(description = "When less than this fraction of the store's disk is free, the GC removes "
            + "every image no container uses (Mesos: image_gc_config.image_disk_headroom). 0: never.")
    double gc_disk_headroom() default 0.1;

    @AttributeDefinition(description = "Layers no container has used for longer than this are removed, in "
            + "milliseconds. 0: never by age.")
    long gc_max_unused_age_ms() default 0;

    @AttributeDefinition(description = "Images whose layers the GC never removes, comma-separated (Mesos: "
            + "image_gc_config.excluded_images).")
    String gc_excluded_images() default "";
}
