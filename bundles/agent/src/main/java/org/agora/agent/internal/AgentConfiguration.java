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
package org.agora.agent.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The agent's options (PID {@code org.agora.agent}, file {@code etc/org.agora.agent.cfg}). */
@ObjectClassDefinition(name = "Agora agent", description = "An agent: offers this machine's resources to the master.")
public @interface AgentConfiguration {

    @AttributeDefinition(description = "Where the leading master is: zk://host:port[,host:port]/path to find it "
            + "through ZooKeeper, or host:port for a single master (Mesos: --master).")
    String master() default "zk://127.0.0.1:2181/agora";

    @AttributeDefinition(description = "HTTP port of the agent's own endpoints (Mesos: --port).")
    int port() default 5051;

    @AttributeDefinition(description = "Address to listen on; empty listens on all interfaces (Mesos: --ip).")
    String ip() default "";

    @AttributeDefinition(description = "Host name the agent advertises; empty uses this machine's name "
            + "(Mesos: --hostname).")
    String hostname() default "";

    @AttributeDefinition(description = "Directory for sandboxes and checkpoints; empty means "
            + "${karaf.data}/agent (Mesos: --work_dir).")
    String work_dir() default "";

    @AttributeDefinition(description = "Resources to advertise instead of the detected ones, in Mesos's form, for "
            + "example 'cpus:4;mem:8192;ports:[31000-32000]'; a resource named here replaces the detected one of that "
            + "name (Mesos: --resources).")
    String resources() default "";

    @AttributeDefinition(description = "Attributes, for example 'rack:r1;zone:eu-1' (Mesos: --attributes).")
    String attributes() default "";

    @AttributeDefinition(description = "First delay before re-registering after losing the master, in "
            + "milliseconds; doubles on each failure (Mesos: --registration_backoff_factor).")
    int registration_backoff_ms() default 500;

    @AttributeDefinition(description = "Longest delay between registration attempts, in milliseconds.")
    int registration_backoff_max_ms() default 10000;

    @AttributeDefinition(description = "The master is considered gone after this many heartbeat intervals "
            + "without hearing from it.")
    int master_missed_heartbeats() default 3;

    @AttributeDefinition(description = "ZooKeeper session timeout in milliseconds when the master is found "
            + "through ZooKeeper.")
    int zk_session_timeout_ms() default 10000;

    @AttributeDefinition(description = "Run each task as its user (CommandInfo.user, else FrameworkInfo.user) when "
            + "the agent runs as root; false runs every task as the agent's own user (Mesos: --switch_user).")
    boolean switch_user() default true;

    @AttributeDefinition(description = "Time a killed task gets between SIGTERM and SIGKILL when neither the kill nor "
            + "the task carries a kill policy, in milliseconds (Mesos's command executor: 3 s).")
    long task_kill_grace_period_ms() default 3000;

    @AttributeDefinition(description = "What an agent restart does to tasks of frameworks that checkpoint: "
            + "'reconnect' leaves them running when the agent stops and the next agent adopts them; 'cleanup' kills "
            + "every task when the agent stops, and the next agent kills whatever an earlier one left running "
            + "(Mesos: --recover). Tasks of other frameworks never outlive the agent.")
    String recover() default "reconnect";

    @AttributeDefinition(description = "How long an executor the agent started has to subscribe to the executor API "
            + "before it is killed and its tasks fail with REASON_EXECUTOR_REGISTRATION_TIMEOUT, in milliseconds "
            + "(Mesos: --executor_registration_timeout).")
    long executor_registration_timeout_ms() default 60000;

    @AttributeDefinition(description = "After an agent restart, how long the executors it recovered have to subscribe "
            + "again before they are killed, in milliseconds; executors are told to retry at least this often "
            + "(MESOS_SUBSCRIPTION_BACKOFF_MAX; Mesos: --executor_reregistration_timeout).")
    long executor_reregistration_timeout_ms() default 2000;

    @AttributeDefinition(description = "Time between an executor's SHUTDOWN event and its kill when its ExecutorInfo "
            + "sets no shutdown_grace_period, in milliseconds (Mesos: --executor_shutdown_grace_period).")
    long executor_shutdown_grace_period_ms() default 5000;

    @AttributeDefinition(description = "How long executors of checkpointing frameworks keep trying to subscribe again "
            + "while the agent is away (MESOS_RECOVERY_TIMEOUT), in milliseconds (Mesos: --recovery_timeout).")
    long recovery_timeout_ms() default 900000;

    @AttributeDefinition(description = "Require HTTP Basic credentials on the endpoints that read: /state, /flags, "
            + "/files/*, /monitor/statistics, /metrics/snapshot, /metrics/prometheus (Mesos: "
            + "--authenticate_http_readonly). They are checked by the "
            + "Authenticator service the 'authenticator' option chooses; with none installed these endpoints answer "
            + "503, never unauthenticated.")
    boolean authenticate_http_readonly() default false;

    @AttributeDefinition(description = "Require HTTP Basic credentials on the agent's operator API, /api/v1 "
            + "(Mesos: --authenticate_http_readwrite); as authenticate.http.readonly otherwise.")
    boolean authenticate_http_readwrite() default false;

    @AttributeDefinition(description = "Executors must present the token the agent signed for them "
            + "(MESOS_EXECUTOR_AUTHENTICATION_TOKEN, sent as 'Authorization: Bearer <token>') on the executor API, "
            + "so that no process can act as another task's executor (Mesos: --authenticate_http_executors). The "
            + "agent's own command and default executors run inside the agent and need none.")
    boolean authenticate_http_executors() default true;

    @AttributeDefinition(description = "The Authenticator service HTTP credentials are checked by, by its name (for "
            + "example 'jaas' or 'credentials'); empty takes the best ranked one installed. A name that is not "
            + "installed is never replaced by another: authenticated endpoints answer 503 until it is.")
    String authenticator() default "";

    @AttributeDefinition(description = "The Authorizer service that decides what callers may see and do (for "
            + "example 'local', with Mesos's ACLs), by its name; empty takes the best ranked one installed, and with "
            + "none installed every caller may do everything. A name that is not installed makes the endpoints "
            + "answer 503 until it is.")
    String authorizer() default "";

    @AttributeDefinition(description = "File whose content is the key executors' tokens are signed with (HMAC-SHA256; "
            + "Mesos: --executor_secret_key). Empty: a random key generated at first start into "
            + "<work_dir>/executor_secret_key, readable by the agent's user only.")
    String executor_secret_key() default "";

    @AttributeDefinition(description = "File with the principal and secret the agent presents to the master on the "
            + "agent channel: {\"principal\": \"...\", \"secret\": \"...\"} or one line 'principal secret' "
            + "(Mesos: --credential). Empty: the agent presents no credential.")
    String credential() default "";

    @AttributeDefinition(description = "Netty I/O threads serving the agent's HTTP endpoints.")
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
            + "this many milliseconds; executors' subscriptions and other open streams are never idle. 0 never "
            + "closes idle connections.")
    long http_idle_timeout_ms() default 60000;

    @AttributeDefinition(description = "A request whose headers have not all arrived this many milliseconds after "
            + "its first byte is answered 408 and its connection closed (slowloris); also the TLS handshake "
            + "timeout. 0 disables.")
    long http_header_timeout_ms() default 10000;

    @AttributeDefinition(description = "A request whose body has not all arrived this many milliseconds after its "
            + "headers is answered 408 and its connection closed. 0 disables.")
    long http_body_timeout_ms() default 30000;

    @AttributeDefinition(description = "Open HTTP connections at most (executors, operators together); further "
            + "connections are closed as soon as they are accepted, with one warning per burst. Keep the sum over "
            + "the servers of one process below its descriptor limit (ulimit -n).")
    int http_max_connections() default 2048;

    @AttributeDefinition(description = "Requests a connection may have waiting (pipelined) behind the one being "
            + "served; the next one is answered 429 in its turn and the connection closed.")
    int http_max_pipelined_requests() default 128;

    @AttributeDefinition(description = "PKCS12 keystore with the agent's private key and certificate chain; when "
            + "set, the agent's endpoints are served over TLS, and the key is presented to a master that asks for a "
            + "client certificate. Empty: no TLS.")
    String tls_keystore() default "";

    @AttributeDefinition(description = "Password of tls.keystore (and of its key); prefer tls.keystore.password.file.")
    String tls_keystore_password() default "";

    @AttributeDefinition(description = "File holding the password of tls.keystore (a trailing line break is "
            + "ignored); readable by the agent's user only.")
    String tls_keystore_password_file() default "";

    @AttributeDefinition(description = "CAs that client certificates must chain to: a PEM CA bundle or a PKCS12 "
            + "truststore. Needed when tls.client.auth is want or need.")
    String tls_truststore() default "";

    @AttributeDefinition(description = "Password of a PKCS12 tls.truststore; empty for a PEM bundle.")
    String tls_truststore_password() default "";

    @AttributeDefinition(description = "Client certificates: none, want (checked when given) or need (connections "
            + "without a valid one are refused in the handshake).")
    String tls_client_auth() default "none";

    @AttributeDefinition(description = "With tls.keystore set: true refuses plaintext HTTP on the port; false serves "
            + "plaintext and TLS on the same port.")
    boolean tls_required() default true;

    @AttributeDefinition(description = "Connect to the master over TLS (wss://), verifying its certificate against "
            + "master.tls.truststore. Must match the master's TLS setting.")
    boolean master_tls() default false;

    @AttributeDefinition(description = "CAs that the master's certificate must chain to: a PEM CA bundle or a PKCS12 "
            + "truststore; empty trusts the JDK's default CAs.")
    String master_tls_truststore() default "";

    @AttributeDefinition(description = "Password of a PKCS12 master.tls.truststore; empty for a PEM bundle.")
    String master_tls_truststore_password() default "";

    @AttributeDefinition(description = "Whether the master's certificate must name the address the agent connects "
            + "to (the IP address or host name the master advertises).")
    boolean master_tls_verify_hostname() default true;
}
