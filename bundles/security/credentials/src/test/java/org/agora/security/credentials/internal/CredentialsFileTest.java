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
package org.agora.security.credentials.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CredentialsFileTest {
    @TempDir
    Path dir;

    @Test
    void readsMesosJsonFormatInFileOrder() throws IOException {
        Path file = write("""
                {
                  "credentials": [
                    {"principal": "principal1", "secret": "secret1"},
                    {"principal": "ops team", "secret": "p@ss word:with colon"}
                  ]
                }
                """);

        assertThat(List.copyOf(parse(file).entrySet())).containsExactly(Map.entry("principal1", "secret1"),
                Map.entry("ops team", "p@ss word:with colon"));
    }

    @Test
    void readsMesosOlderTextFormatSkippingBlankLines() throws IOException {
        Path file = write("principal1 secret1\n\n  ops\tt0p-s3cret  \r\n");

        assertThat(List.copyOf(parse(file).entrySet())).containsExactly(Map.entry("principal1", "secret1"),
                Map.entry("ops", "t0p-s3cret"));
    }

    @Test
    void anEmptyCredentialsListIsValid() throws IOException {
        assertThat(parse(write("{\"credentials\": []}"))).isEmpty();
    }

    static Stream<Arguments> malformedFiles() {
        return Stream.of(
                Arguments.of("", "is empty"),
                Arguments.of(" \n\t\n", "is empty"),
                Arguments.of("{\"credentials\": [", "is not valid JSON: line 1, column 18: syntax error"),
                Arguments.of("{\"credentials\": [{\"principal\": \"a\", \"secret\": \"b\"},]}",
                        "is not valid JSON: line 1, column 52"),
                Arguments.of("[]", "expected an object {\"credentials\": [...]}, found an array"),
                Arguments.of("{}", "credentials: missing"),
                Arguments.of("{\"credentials\": {}}", "credentials: expected an array, found an object"),
                Arguments.of("{\"credentials\": null}", "credentials: expected an array, found null"),
                Arguments.of("{\"credentials\": [], \"credential\": []}", "unknown field 'credential'"),
                Arguments.of("{\"credentials\": [\"a b\"]}", "credentials[0]: expected an object"),
                Arguments.of("{\"credentials\": [{\"principal\": \"a\"}]}", "credentials[0].secret: missing"),
                Arguments.of("{\"credentials\": [{\"principal\": \"a\", \"secret\": \"\"}]}",
                        "credentials[0].secret: is empty"),
                Arguments.of("{\"credentials\": [{\"secret\": \"s\"}]}", "credentials[0].principal: missing"),
                Arguments.of("{\"credentials\": [{\"principal\": 7, \"secret\": \"s\"}]}",
                        "credentials[0].principal: expected a string, found a number"),
                Arguments.of("{\"credentials\": [{\"principal\": \"a\", \"secret\": \"s\", \"role\": \"r\"}]}",
                        "credentials[0]: unknown field 'role'"),
                Arguments.of("{\"credentials\": [{\"principal\": \"a\", \"secret\": \"s\"}, "
                        + "{\"principal\": \"a\", \"secret\": \"t\"}]}",
                        "credentials[1].principal: principal 'a' is also credentials[0]"),
                Arguments.of("{\"credentials\": [{\"principal\": \"a:b\", \"secret\": \"s\"}]}",
                        "credentials[0].principal: principal 'a:b' contains ':'"),
                Arguments.of("{\"credentials\": [{\"principal\": \"a\", \"principal\": \"b\", \"secret\": \"s\"}]}",
                        "the name 'principal' occurs twice"),
                Arguments.of("alice secret1\nbob\n", "line 2: expected 'principal secret', found 1 field"),
                Arguments.of("alice secret1 extra\n", "line 1: expected 'principal secret', found 3 fields"),
                Arguments.of("alice s1\n\nalice s2\n", "line 3: principal 'alice' is also on line 1"),
                Arguments.of("a:b secret\n", "line 1: principal 'a:b' contains ':'"));
    }

    @ParameterizedTest
    @MethodSource("malformedFiles")
    void aMalformedFileIsAnErrorNamingTheFileAndTheProblem(String content, String problem) throws IOException {
        Path file = write(content);

        assertThatThrownBy(() -> parse(file)).isInstanceOf(CredentialsFileException.class)
                .hasMessageStartingWith("credentials file " + file + ": ").hasMessageContaining(problem);
    }

    @Test
    void damagedFilesAreRefusedWithACredentialsFileExceptionAndNothingElse() throws IOException {
        String valid = "{\"credentials\": [{\"principal\": \"a\", \"secret\": \"s1\"}, "
                + "{\"principal\": \"b\", \"secret\": \"s2\"}]}\n";
        String alphabet = "{}[]\":,\\ \n\tab01e-.";
        Random random = new Random(7);
        Path file = dir.resolve("damaged");
        for (int i = 0; i < 2_000; i++) {
            StringBuilder damaged = new StringBuilder(valid);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(damaged.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> damaged.deleteCharAt(at);
                    case 1 -> damaged.insert(at, c);
                    default -> damaged.setCharAt(at, c);
                }
            }
            Files.writeString(file, damaged);
            try {
                parse(file);
            } catch (CredentialsFileException e) {
                assertThat(e.getMessage()).startsWith("credentials file " + file + ": ");
            }
        }
    }

    @Test
    void errorsNeverQuoteASecret() throws IOException {
        Path file = write("alice hunter2 extra\n");

        assertThatThrownBy(() -> parse(file)).hasMessageNotContaining("hunter2");
    }

    @Test
    void bytesThatAreNotUtf8AreAnError() throws IOException {
        Path file = dir.resolve("latin1");
        Files.write(file, "alice s\u00e9cret".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> parse(file)).hasMessage("credentials file " + file + ": is not UTF-8 text");
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        Path missing = dir.resolve("nope.json");

        assertThatThrownBy(() -> CredentialsFile.read(missing)).isInstanceOf(CredentialsFileException.class)
                .hasMessage("credentials file " + missing + ": does not exist");
    }

    @Test
    void aDirectoryIsAnErrorNamingIt() {
        assertThatThrownBy(() -> CredentialsFile.read(dir)).isInstanceOf(CredentialsFileException.class)
                .hasMessageStartingWith("credentials file " + dir + ": cannot be read");
    }

    @Test
    void aFileLargerThanAnyCredentialsFileIsRefusedUnread() throws IOException {
        Path big = dir.resolve("big");
        Files.write(big, new byte[(int) CredentialsFile.MAX_BYTES + 1]);

        assertThatThrownBy(() -> CredentialsFile.read(big)).hasMessageContaining("is " + (CredentialsFile.MAX_BYTES + 1)
                + " bytes, more than the " + CredentialsFile.MAX_BYTES);
    }

    @Test
    void permissionsForGroupOrOthersAreReported() throws IOException {
        Path file = write("{\"credentials\": []}");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(CredentialsFile.openToOthers(file)).isEmpty();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(CredentialsFile.openToOthers(file)).contains("rw-r-----");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
        assertThat(CredentialsFile.openToOthers(file)).contains("rw----r--");
    }

    private Map<String, String> parse(Path file) {
        return CredentialsFile.parse(file, CredentialsFile.read(file));
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "credentials", ".txt");
        Files.writeString(file, content);
        return file;
    }
}
