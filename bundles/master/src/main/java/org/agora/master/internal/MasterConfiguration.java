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
package org.agora.master.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The master's options (PID {@code org.agora.master}, file {@code etc/org.agora.master.cfg}). */
@ObjectClassDefinition(name = "Agora master", description = "The master: leader election, agents, HTTP APIs.")
public @interface MasterConfiguration {

    @AttributeDefinition(description = "HTTP port for the scheduler, operator and agent-channel endpoints and the "
            + "web UI at / (Mesos: --port).")
    int port() default 5050;

    @AttributeDefinition(description = "Address to listen on; empty listens on all interfaces (Mesos: --ip).")
    String ip() default "";

    @AttributeDefinition(description = "Host name the master advertises to agents, frameworks and redirects; empty "
            + "uses this machine's name (Mesos: --hostname).")
    String hostname() default "";

    @AttributeDefinition(description = "ZooKeeper URL zk://host:port[,host:port]/path for leader election and the "
            + "registry; empty runs a single master with an in-memory registry (Mesos: --zk).")
    String zk() default "";

    @AttributeDefinition(description = "ZooKeeper session timeout in milliseconds (Mesos: --zk_session_timeout). "
            + "A killed leader is replaced about this long after it died; a leader cut off from ZooKeeper stops "
            + "leading after two thirds of it. 4000 is safe on a LAN with a healthy ensemble.")
    int zk_session_timeout_ms() default 10000;

    @AttributeDefinition(description = "Name of the cluster (Mesos: --cluster). The registry remembers the name of "
            + "the cluster it belongs to, and a master configured with another name refuses to lead on it.")
    String cluster() default "agora";

    @AttributeDefinition(description = "After an election, how long agents of the registry have to re-register "
            + "before they are marked unreachable, and frameworks known only from agents have to re-subscribe "
            + "before their failover timeout starts, in milliseconds (Mesos: --agent_reregister_timeout, 10 min).")
    long agent_reregister_timeout_ms() default 600000;

    @AttributeDefinition(description = "An agent unreachable for longer than this, in milliseconds, is removed from "
            + "the registry; if it comes back it is told to shut its tasks down and joins as a new agent (Mesos: "
            + "--registry_max_agent_age, 2 weeks).")
    long registry_max_agent_age_ms() default 1209600000L;

    @AttributeDefinition(description = "How often agents must heartbeat, in milliseconds; the master heartbeats "
            + "back at the same rate.")
    int agent_heartbeat_interval_ms() default 5000;

    @AttributeDefinition(description = "An agent silent for this many milliseconds is marked unreachable (Mesos: "
            + "agent_ping_timeout x max_agent_ping_timeouts = 75 s).")
    int agent_unreachable_timeout_ms() default 75000;

    @AttributeDefinition(description = "Agent registrations and re-registrations waiting for the master at most; "
            + "beyond that an agent is told to register again after a delay (RetryLater, spread between 0.5 and 10 "
            + "s by how many were turned away) instead of being queued, so that thousands of agents coming back "
            + "after a restart or failover do not grow the master's queue without bound. Agents older than this "
            + "back-pressure are queued as before. 0 queues every registration.")
    int agent_registration_backlog() default 1000;

    @AttributeDefinition(description = "Name of the allocator to use (for example drf or firstfit) among the "
            + "installed allocator bundles; empty uses the one with the highest service.ranking. Changing it "
            + "switches allocators at once, without a restart.")
    String allocator() default "";

    @AttributeDefinition(description = "How often the allocator runs a full allocation cycle, in milliseconds; "
            + "freed resources are also offered as soon as they come back (Mesos: --allocation_interval).")
    int allocation_interval_ms() default 1000;

    @AttributeDefinition(description = "Offers not used within this many milliseconds are rescinded and offered "
            + "again, so a framework that holds offers without answering cannot starve the others; 0 never rescinds "
            + "(Mesos: --offer_timeout, which is unset by default there).")
    int offer_timeout_ms() default 30000;

    @AttributeDefinition(description = "How often frameworks get a HEARTBEAT event, in milliseconds (Mesos: 15 s).")
    int framework_heartbeat_interval_ms() default 15000;

    @AttributeDefinition(description = "How many torn-down frameworks the state endpoints remember (Mesos: "
            + "--max_completed_frameworks).")
    int max_completed_frameworks() default 50;

    @AttributeDefinition(description = "How many finished tasks per framework the state endpoints remember "
            + "(Mesos: --max_completed_tasks_per_framework).")
    int max_completed_tasks_per_framework() default 1000;

    @AttributeDefinition(description = "Frameworks must authenticate (HTTP Basic) to use the scheduler API, and a "
            + "framework's FrameworkInfo.principal must be the principal it authenticated as (Mesos: "
            + "--authenticate_frameworks).")
    boolean authenticate_frameworks() default false;

    @AttributeDefinition(description = "Operators must authenticate to read: state endpoints, metrics and the "
            + "operator API's GET_* calls (Mesos: --authenticate_http_readonly).")
    boolean authenticate_http_readonly() default false;

    @AttributeDefinition(description = "Operators must authenticate to change anything through the operator API "
            + "(Mesos: --authenticate_http_readwrite).")
    boolean authenticate_http_readwrite() default false;

    @AttributeDefinition(description = "Agents must authenticate on the agent channel with their credential "
            + "(Mesos: --authenticate_agents).")
    boolean authenticate_agents() default false;

    @AttributeDefinition(description = "Name of the authenticator to check credentials with (for example jaas or "
            + "credentials) among the installed authenticator bundles; empty uses the highest ranked. With "
            + "authentication on and none installed, calls that need it answer 503.")
    String authenticator() default "";

    @AttributeDefinition(description = "Name of the authorizer (for example local, Mesos's ACLs) among the "
            + "installed authorizer bundles; empty uses the highest ranked, and with none installed every action is "
            + "allowed, as Mesos without --acls.")
    String authorizer() default "";

    @AttributeDefinition(description = "Netty I/O threads serving HTTP.")
    int http_io_threads() default 2;

    @AttributeDefinition(description = "Largest request body in bytes, also when chunked; larger requests are "
            + "answered 413 and the connection is closed.")
    int http_max_body_bytes() default 16 * 1024 * 1024;

    @AttributeDefinition(description = "Longest request line (method, target, version) in bytes; longer ones are "
            + "answered 414.")
    int http_max_request_line_bytes() default 4096;

    @AttributeDefinition(description = "Largest header section of a request in bytes; larger ones are answered 431.")
    int http_max_header_bytes() default 8192;

    @AttributeDefinition(description = "A connection with no request in flight and nothing arriving is closed after "
            + "this many milliseconds; open event streams (SUBSCRIBE) and the agent channel are never idle. 0 never "
            + "closes idle connections.")
    long http_idle_timeout_ms() default 60000;

    @AttributeDefinition(description = "A request whose headers have not all arrived this many milliseconds after "
            + "its first byte is answered 408 and its connection closed (slow clients, slowloris); also the TLS "
            + "handshake timeout. 0 disables.")
    long http_header_timeout_ms() default 10000;

    @AttributeDefinition(description = "A request whose body has not all arrived this many milliseconds after its "
            + "headers is answered 408 and its connection closed. 0 disables.")
    long http_body_timeout_ms() default 30000;

    @AttributeDefinition(description = "Open HTTP connections at most (frameworks, agents, operators together); "
            + "further connections are closed as soon as they are accepted, with one warning per burst. Keep the "
            + "sum over the servers of one process below its descriptor limit (ulimit -n).")
    int http_max_connections() default 8192;

    @AttributeDefinition(description = "Requests a connection may have waiting (pipelined) behind the one being "
            + "served; the next one is answered 429 in its turn and the connection closed.")
    int http_max_pipelined_requests() default 128;

    @AttributeDefinition(description = "PKCS12 keystore with the master's private key and certificate chain; when "
            + "set, every endpoint and the agent channel are served over TLS (HTTPS, WSS). Empty: no TLS.")
    String tls_keystore() default "";

    @AttributeDefinition(description = "Password of tls.keystore (and of its key); prefer tls.keystore.password.file.")
    String tls_keystore_password() default "";

    @AttributeDefinition(description = "File holding the password of tls.keystore (a trailing line break is "
            + "ignored); readable by the master's user only.")
    String tls_keystore_password_file() default "";

    @AttributeDefinition(description = "CAs that client certificates must chain to: a PEM CA bundle or a PKCS12 "
            + "truststore. Needed when tls.client.auth is want or need.")
    String tls_truststore() default "";

    @AttributeDefinition(description = "Password of a PKCS12 tls.truststore; empty for a PEM bundle.")
    String tls_truststore_password() default "";

    @AttributeDefinition(description = "Client certificates: none (not asked for), want (asked for, checked when "
            + "given) or need (connections without a valid one are refused in the handshake).")
    String tls_client_auth() default "none";

    @AttributeDefinition(description = "With tls.keystore set: true refuses plaintext HTTP on the port (it is "
            + "answered 400 and closed); false serves plaintext and TLS on the same port (Mesos: "
            + "LIBPROCESS_SSL_SUPPORT_DOWNGRADE).")
    boolean tls_required() default true;
}
