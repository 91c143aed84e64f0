package org.agora.master.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.agora.discovery.ZkUrl;

/**
 * The master's options, checked. Construction fails with a message that names the key and the problem, so a
 * malformed configuration leaves the component unsatisfied rather than half running.
 */
public record MasterSettings(int port, String ip, String hostname, String advertisedIp, Optional<ZkUrl> zk,
        Duration zkSessionTimeout, Duration agentHeartbeatInterval, Duration agentUnreachableTimeout,
        int httpIoThreads) {

    static final String PID = "org.agora.master";

    public static MasterSettings from(MasterConfiguration c) {
        check(c.port() >= 0 && c.port() <= 65535, "port", c.port(), "is not a port number (0-65535)");
        check(c.zk_session_timeout_ms() > 0, "zk.session.timeout.ms", c.zk_session_timeout_ms(), "must be positive");
        check(c.agent_heartbeat_interval_ms() > 0, "agent.heartbeat.interval.ms", c.agent_heartbeat_interval_ms(),
                "must be positive");
        check(c.agent_unreachable_timeout_ms() > c.agent_heartbeat_interval_ms(), "agent.unreachable.timeout.ms",
                c.agent_unreachable_timeout_ms(), "must be longer than agent.heartbeat.interval.ms ("
                        + c.agent_heartbeat_interval_ms() + ")");
        check(c.http_io_threads() > 0, "http.io.threads", c.http_io_threads(), "must be positive");
        Optional<ZkUrl> zk;
        try {
            zk = c.zk().isBlank() ? Optional.empty() : Optional.of(ZkUrl.parse(c.zk().trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": zk: " + e.getMessage(), e);
        }
        String hostname = c.hostname().isBlank() ? localHostname() : c.hostname().trim();
        String advertisedIp = !c.ip().isBlank() && !c.ip().equals("0.0.0.0") ? c.ip().trim() : resolve(hostname);
        return new MasterSettings(c.port(), c.ip().trim(), hostname, advertisedIp, zk,
                Duration.ofMillis(c.zk_session_timeout_ms()), Duration.ofMillis(c.agent_heartbeat_interval_ms()),
                Duration.ofMillis(c.agent_unreachable_timeout_ms()), c.http_io_threads());
    }

    /** The effective options by their configuration keys, as /master/state and GET_FLAGS report them. */
    public Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("port", Integer.toString(port));
        f.put("ip", ip);
        f.put("hostname", hostname);
        f.put("zk", zk.map(ZkUrl::toString).orElse(""));
        f.put("zk.session.timeout.ms", Long.toString(zkSessionTimeout.toMillis()));
        f.put("agent.heartbeat.interval.ms", Long.toString(agentHeartbeatInterval.toMillis()));
        f.put("agent.unreachable.timeout.ms", Long.toString(agentUnreachableTimeout.toMillis()));
        f.put("http.io.threads", Integer.toString(httpIoThreads));
        return f;
    }

    private static void check(boolean ok, String key, Object value, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(PID + ": " + key + "=" + value + " " + problem);
        }
    }

    static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    static String resolve(String hostname) {
        try {
            return InetAddress.getByName(hostname).getHostAddress();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }
}
