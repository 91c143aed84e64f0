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

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * One source of truth per option: the configuration types. Every {@code etc/org.agora.*.cfg} the distributions ship
 * is checked against the OSGi metatype that bnd generates from the component's configuration type (the
 * {@code @ObjectClassDefinition} its {@code @Designate} names): each key must be an option of that type, the default
 * its comment states (or, without one, the value it sets) must be the type's default, and each option of the type
 * must be documented in the file.
 */
class ConfigurationFilesTest {
    private static final Path DISTRIBUTIONS = Path.of("..", "karaf-dist");
    private static final Pattern KEY_LINE = Pattern.compile("^([A-Za-z0-9_.$-]+)\\s*=\\s*(.*)$");
    private static final Pattern DEFAULT = Pattern.compile("Default (empty|[^ ;:,()]+?)(?:[.;:,]?(?:\\s|$))");

    /** An option of a configuration type: its key and default as bnd wrote them into the metatype. */
    private record Option(String key, String defaultValue) {
    }

    @Test
    void everyShippedConfigurationFileFollowsItsConfigurationType() throws Exception {
        Map<String, Map<String, Option>> types = metatypesByPid();
        List<Path> files = shippedFiles();
        assertThat(files).as("the distributions' configuration files").isNotEmpty();

        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            String pid = file.getFileName().toString().replaceFirst("\\.cfg$", "");
            Map<String, Option> options = types.get(pid);
            if (options == null) {
                problems.add(file + ": no configuration type is designated for pid " + pid);
                continue;
            }
            Map<String, String> documented = new LinkedHashMap<>();
            List<String> comment = new ArrayList<>();
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.startsWith("#")) {
                    comment.add(line.substring(1).strip());
                    continue;
                }
                Matcher m = KEY_LINE.matcher(line);
                if (m.matches()) {
                    String key = m.group(1);
                    Option option = options.get(key);
                    if (option == null) {
                        problems.add(file + ": '" + key + "' is not an option of " + pid);
                    } else {
                        String stated = statedDefault(String.join(" ", comment)).orElse(m.group(2).strip());
                        if (!stated.equals(option.defaultValue())) {
                            problems.add(file + ": '" + key + "' defaults to '" + option.defaultValue()
                                    + "' in its configuration type, the file says '" + stated + "'");
                        }
                        documented.put(key, m.group(2));
                    }
                }
                if (line.isEmpty() || m.matches()) {
                    comment.clear();
                }
            }
            for (String key : options.keySet()) {
                if (!documented.containsKey(key)) {
                    problems.add(file + ": option '" + key + "' of " + pid + " is not in the file");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** The default a comment states ("Default 5050.", "Default empty;"), if it states one. */
    private static java.util.Optional<String> statedDefault(String comment) {
        Matcher m = DEFAULT.matcher(comment);
        if (!m.find()) {
            return java.util.Optional.empty();
        }
        String v = m.group(1);
        return java.util.Optional.of(v.equals("empty") ? "" : v.replace("`", ""));
    }

    /** etc/org.agora.*.cfg of every distribution (common/ holds those all of them share). */
    private static List<Path> shippedFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> dists = Files.list(DISTRIBUTIONS)) {
            for (Path dist : dists.sorted().toList()) {
                Path etc = dist.resolve("etc");
                if (!Files.isDirectory(etc)) {
                    etc = dist.resolve("src/main/resources/etc");
                }
                if (Files.isDirectory(etc)) {
                    try (Stream<Path> cfgs = Files.list(etc)) {
                        cfgs.filter(p -> p.getFileName().toString().matches("org\\.agora\\..*\\.cfg")).sorted()
                                .forEach(files::add);
                    }
                }
            }
        }
        return files;
    }

    /** pid → options, from every metatype document of the bundles on the test class path. */
    private static Map<String, Map<String, Option>> metatypesByPid() throws Exception {
        Map<String, Map<String, Option>> byPid = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p.resolve("OSGI-INF/metatype"))) {
                try (Stream<Path> xmls = Files.list(p.resolve("OSGI-INF/metatype"))) {
                    for (Path xml : xmls.toList()) {
                        try (InputStream in = Files.newInputStream(xml)) {
                            read(in, byPid);
                        }
                    }
                }
                continue;
            }
            if (!p.getFileName().toString().startsWith("agora-") || !p.toString().endsWith(".jar")) {
                continue;
            }
            try (JarFile jar = new JarFile(p.toFile())) {
                jar.stream().filter(e -> e.getName().startsWith("OSGI-INF/metatype/") && e.getName().endsWith(".xml"))
                        .forEach(e -> {
                            try (InputStream in = jar.getInputStream(e)) {
                                read(in, byPid);
                            } catch (IOException x) {
                                throw new UncheckedIOException(x);
                            } catch (Exception x) {
                                throw new IllegalStateException(p + "!" + e.getName() + ": " + x, x);
                            }
                        });
            }
        }
        return byPid;
    }

    private static void read(InputStream in, Map<String, Map<String, Option>> byPid) throws Exception {
        Document doc = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().parse(in);
        Map<String, Map<String, Option>> ocds = new LinkedHashMap<>();
        NodeList ocdNodes = doc.getElementsByTagName("OCD");
        for (int i = 0; i < ocdNodes.getLength(); i++) {
            Element ocd = (Element) ocdNodes.item(i);
            Map<String, Option> options = new LinkedHashMap<>();
            NodeList ads = ocd.getElementsByTagName("AD");
            for (int j = 0; j < ads.getLength(); j++) {
                Element ad = (Element) ads.item(j);
                options.put(ad.getAttribute("id"), new Option(ad.getAttribute("id"), ad.getAttribute("default")));
            }
            ocds.put(ocd.getAttribute("id"), options);
        }
        NodeList designates = doc.getElementsByTagName("Designate");
        for (int i = 0; i < designates.getLength(); i++) {
            Element d = (Element) designates.item(i);
            String pid = d.getAttribute("pid").isEmpty() ? d.getAttribute("factoryPid") : d.getAttribute("pid");
            Element object = (Element) d.getElementsByTagName("Object").item(0);
            Map<String, Option> options = ocds.get(object.getAttribute("ocdref"));
            if (options != null) {
                byPid.computeIfAbsent(pid, k -> new LinkedHashMap<>()).putAll(options);
            }
        }
    }
}
