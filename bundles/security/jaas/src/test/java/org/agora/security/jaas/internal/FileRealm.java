package org.agora.security.jaas.internal;

import java.nio.file.Path;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.properties.PropertiesLoginModule;

/**
 * A realm as Karaf's {@code <jaas:config>} declares one, with Karaf's own properties login module (the one behind
 * {@code etc/users.properties}) reading a users file of the test's. Karaf wraps each module in its
 * {@code ProxyLoginModule} to load it from its bundle; outside OSGi the module's class is named directly.
 */
record FileRealm(String name, int rank, Path users) implements JaasRealm {

    @Override
    public String getName() {
        return name;
    }

    @Override
    public int getRank() {
        return rank;
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        return new AppConfigurationEntry[] {new AppConfigurationEntry(PropertiesLoginModule.class.getName(),
                LoginModuleControlFlag.REQUIRED, Map.of("users", users.toString()))};
    }
}
