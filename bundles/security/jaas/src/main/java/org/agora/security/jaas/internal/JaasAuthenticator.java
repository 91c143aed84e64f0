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
package org.agora.security.jaas.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.agora.api.config.TypedConfig;
import org.agora.api.security.Authenticator;
import org.agora.api.security.Principal;
import org.agora.security.jaas.internal.JaasLogin.Result;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authenticator named {@code jaas}: a principal and secret are accepted when the login modules of the
 * configured Karaf JAAS realm accept them (see {@link JaasLogin}). Realms are OSGi services; of those with the
 * configured name, the one of highest rank is used, as Karaf itself chooses. The reference is static and greedy, so
 * the component restarts whenever a realm comes or goes; while no realm of the configured name is registered its
 * activation fails with a message naming the realm and those that exist, and there is no usable service
 * ({@code getService} answers null).
 *
 * <p>Thread-safe. {@link #authenticate} blocks for as long as the realm's modules take (a file read for
 * {@code users.properties}, a round trip for LDAP) unless the login is remembered (see {@link LoginCache}); callers
 * run it off event-loop threads, as the {@link Authenticator} contract says. It never throws: a realm that cannot
 * decide refuses, and says why in the log once per distinct problem.
 */
@Component(service = Authenticator.class, property = "authenticator.name=" + JaasAuthenticator.NAME,
        configurationPid = JaasAuthenticator.PID, immediate = true)
@Designate(ocd = JaasConfig.class)
public final class JaasAuthenticator implements Authenticator {
    static final String NAME = "jaas";
    static final String PID = "org.agora.security.jaas";
    private static final Logger LOG = LoggerFactory.getLogger(JaasAuthenticator.class);

    private final JaasRealm realm;
    private final LoginCache cache;
    private final AtomicReference<String> lastProblem = new AtomicReference<>();

    @Activate
    public JaasAuthenticator(@Reference(name = "realms", service = JaasRealm.class,
            cardinality = ReferenceCardinality.AT_LEAST_ONE, policyOption = ReferencePolicyOption.GREEDY)
            List<JaasRealm> realms, Map<String, Object> properties) {
        this(realms, TypedConfig.read(JaasConfig.class, PID, properties), System::nanoTime);
    }

    JaasAuthenticator(List<JaasRealm> realms, JaasConfig config, LongSupplier nanoTime) {
        String name = config.realm().strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException(PID + ": realm is empty: name a JAAS realm, e.g. realm = karaf");
        }
        if (config.cache_ttl_ms() < 0) {
            throw new IllegalArgumentException(PID + ": cache.ttl.ms=" + config.cache_ttl_ms()
                    + " is negative; 0 turns the cache off");
        }
        this.realm = realms.stream().filter(r -> name.equals(r.getName()))
                .max(Comparator.comparingInt(JaasRealm::getRank))
                .orElseThrow(() -> new IllegalStateException(PID + ": no JAAS realm named '" + name
                        + "' is registered (registered: " + realms.stream().map(r -> "'" + r.getName() + "'")
                                .distinct().sorted().collect(Collectors.joining(", "))
                        + "); the authenticator starts when it is"));
        this.cache = new LoginCache(config.cache_ttl_ms(), nanoTime);
        LOG.info("jaas: authenticating against JAAS realm '{}' (rank {}){}", name, realm.getRank(),
                config.cache_ttl_ms() > 0 ? ", remembering logins for " + config.cache_ttl_ms() + " ms" : "");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Principal> authenticate(String principal, String secret) {
        // An empty secret never gets in: some directories take an empty password as an anonymous bind.
        if (principal == null || principal.isEmpty() || secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        if (cache.remembers(principal, secret)) {
            return Optional.of(new Principal(principal));
        }
        Result result = JaasLogin.login(realm, principal, secret);
        switch (result.outcome()) {
            case ACCEPTED -> {
                cache.remember(principal, secret);
                if (lastProblem.getAndSet(null) != null) {
                    LOG.info("jaas: realm '{}' accepts logins again", realm.getName());
                }
                return Optional.of(new Principal(principal));
            }
            case REFUSED -> {
                LOG.debug("jaas: realm '{}' refused principal '{}': {}", realm.getName(), principal, result.problem());
                return Optional.empty();
            }
            default -> {
                if (!result.problem().equals(lastProblem.getAndSet(result.problem()))) {
                    LOG.warn("jaas: realm '{}' could not check principal '{}', refused: {}", realm.getName(),
                            principal, result.problem());
                }
                return Optional.empty();
            }
        }
    }
}
