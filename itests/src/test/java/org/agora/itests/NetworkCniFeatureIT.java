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
package org.agora.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import javax.inject.Inject;
import org.agora.api.isolator.Isolator;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The network/cni isolator as an operator turns it on in the local distribution: its feature installs, its service
 * appears under its Mesos name, and once it is in 'isolation' agora:isolators reports it unusable while its
 * configuration directory is missing (saying which) and active once it points at one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NetworkCniFeatureIT extends AgoraTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        // the probe's shell sessions have no user: lift the admin-only command ACLs of feature: and config:
        return OptionUtils.combine(karaf(),
                replaceConfigurationFile("etc/org.apache.karaf.command.acl.feature.cfg", noAcls()),
                replaceConfigurationFile("etc/org.apache.karaf.command.acl.config.cfg", noAcls()));
    }

    private static File noAcls() {
        try {
            File empty = File.createTempFile("no-acls", ".cfg");
            empty.deleteOnExit();
            return empty;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    public void theIsolatorInstallsAndIsUsableOnceItsConfigurationDirectoryExists() throws Exception {
        Path missing = Files.createTempDirectory("agora-cni-it").resolve("missing");
        Path netd = Files.createDirectories(missing.resolveSibling("net.d"));
        shell("config:edit org.agora.isolator.network.cni\nconfig:property-set network.cni.config.dir '" + missing
                + "'\nconfig:update");
        shell("feature:install agora-isolator-network-cni");
        eventually(WAIT, () -> assertEquals(1, cniIsolators().size()));
        shell("config:edit org.agora.containerizer.mesos\nconfig:property-set isolation 'network/cni'\nconfig:update");
        eventually(WAIT, () -> {
            String isolators = shell("agora:isolators");
            assertTrue(isolators, isolators.matches("(?s).*network/cni +unusable: .*" + missing + ".*"));
        });

        shell("config:edit org.agora.isolator.network.cni\nconfig:property-set network.cni.config.dir '" + netd
                + "'\nconfig:update");
        eventually(WAIT, () -> {
            String isolators = shell("agora:isolators");
            assertTrue(isolators, isolators.matches("(?s).*network/cni +active.*"));
        });
        shell("config:edit org.agora.containerizer.mesos\nconfig:property-set isolation 'cgroups/cpu,cgroups/mem'\n"
                + "config:update");
    }

    private Collection<ServiceReference<Isolator>> cniIsolators() throws Exception {
        return context.getServiceReferences(Isolator.class, "(isolator.name=network/cni)");
    }
}
