using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Constructs;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// What an operator needs from an SBC pair's nodes: the CloudWatch agent ships media-node's Prometheus metrics and the
/// SIP proxy's statistics to CloudWatch as Embedded Metric Format, and both services' journals to CloudWatch Logs with a
/// retention; Session Manager gives shell access (no SSH: no key pair, no port 22). One per pair, created by
/// <see cref="Of"/>.
/// </summary>
public sealed class NodeObservability : Construct
{
    /// <summary>CloudWatch namespace of media-node's metrics (the heartbeat's namespace, <see cref="MediaNodeHeartbeat.Namespace"/>).</summary>
    public const string MediaNodeNamespace = MediaNodeHeartbeat.Namespace;

    /// <summary>CloudWatch namespace of the SIP proxy's request and reply counts.</summary>
    public const string SipNamespace = "RtcOnAws/Sip";

    /// <summary>How long node logs are kept.</summary>
    public static RetentionDays LogRetention { get; } = RetentionDays.ONE_MONTH;

    /// <summary>Where the agent reads the services' journals, copied by <c>rtconaws-journal-export@.service</c>.</summary>
    public const string LogDirectory = "/var/log/rtconaws";

    /// <summary>The SIP proxy's systemd unit, whose journal is shipped and whose statistics are read with <c>kamcmd</c>.</summary>
    public static string SipProxyUnit { get; } = UnitName(SbcPaths.KamailioService);

    /// <summary>media-node's systemd unit.</summary>
    public static string MediaNodeUnit { get; } = UnitName(SbcPaths.MediaNodeService);

    private const string AgentConfigPath = "/opt/aws/amazon-cloudwatch-agent/etc/rtconaws-agent.json";
    private const string PrometheusConfigPath = "/opt/aws/amazon-cloudwatch-agent/etc/rtconaws-prometheus.yaml";
    private const string SipStatsScript = "/usr/local/libexec/rtconaws-sip-stats";

    private NodeObservability(SbcPair pair, string id, IRtcNetwork network)
        : base(pair, id)
    {
        MediaNodeLogGroup = new LogGroup(this, "MediaNodeLogs", new LogGroupProps { Retention = LogRetention, RemovalPolicy = RemovalPolicy.DESTROY });
        SipProxyLogGroup = new LogGroup(this, "SipProxyLogs", new LogGroupProps { Retention = LogRetention, RemovalPolicy = RemovalPolicy.DESTROY });
        // EMF documents: CloudWatch extracts the metrics, the documents themselves are only needed briefly.
        MetricsLogGroup = new LogGroup(this, "MetricsLogs", new LogGroupProps { Retention = RetentionDays.ONE_WEEK, RemovalPolicy = RemovalPolicy.DESTROY });

        var role = pair.Role;
        foreach (var group in LogGroups)
        {
            group.GrantWrite(role);
        }
        role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ShipLogsDescribe",
            Actions = ["logs:DescribeLogStreams"],
            Resources = LogGroups.Select(g => g.LogGroupArn).ToArray(),
        }));
        role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SessionManager",
            // The Session Manager agent's calls (AmazonSSMManagedInstanceCore without the parameter and document reads);
            // none of them supports resource-level permissions.
            Actions =
            [
                "ssm:UpdateInstanceInformation",
                "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
                "ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage", "ec2messages:GetEndpoint",
                "ec2messages:GetMessages", "ec2messages:SendReply",
            ],
            Resources = ["*"],
        }));
        (network as RtcNetwork)?.AddOperationsEndpoints();
    }

    /// <summary>The media node's journal, one stream per instance.</summary>
    public LogGroup MediaNodeLogGroup { get; }

    /// <summary>The SIP proxy's journal, one stream per instance.</summary>
    public LogGroup SipProxyLogGroup { get; }

    /// <summary>The EMF documents the metrics are extracted from.</summary>
    public LogGroup MetricsLogGroup { get; }

    /// <summary>All three log groups.</summary>
    public IReadOnlyList<LogGroup> LogGroups => [MediaNodeLogGroup, SipProxyLogGroup, MetricsLogGroup];

    /// <summary>The pair's observability, created on first use.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="network">The pair's network (for the CloudWatch Logs and Session Manager endpoints).</param>
    /// <returns>The pair's one instance.</returns>
    public static NodeObservability Of(SbcPair pair, IRtcNetwork network) =>
        pair.Node.TryFindChild("Observability") as NodeObservability ?? new NodeObservability(pair, "Observability", network);

    /// <summary>
    /// User data that installs and starts the CloudWatch agent (AWS's Debian package from the region's agent bucket, reached
    /// through the S3 gateway endpoint), the journal export units, log rotation and the SIP statistics timer. Idempotent.
    /// </summary>
    /// <param name="region">The stack's region (the agent's and the metrics' region).</param>
    /// <param name="mediaNode">Whether the node runs media-node (its journal and Prometheus metrics are shipped too).</param>
    /// <returns>Bash lines for a <c>set -euo pipefail</c> script.</returns>
    public IReadOnlyList<string> InstallCommands(string region, bool mediaNode) =>
    [
        "# CloudWatch agent: metrics and logs of media-node and the SIP proxy (NodeObservability)",
        // The nodes run Debian (SbcNodePackages): the agent is not in its repositories, AWS publishes a .deb per region.
        $"for attempt in $(seq 1 10); do curl -sSf -o /tmp/amazon-cloudwatch-agent.deb https://amazoncloudwatch-agent-{region}.s3.{region}.amazonaws.com/debian/amd64/latest/amazon-cloudwatch-agent.deb && break; " +
        "[ \"$attempt\" = 10 ] && exit 1; sleep 6; done",
        "dpkg -i -E /tmp/amazon-cloudwatch-agent.deb && rm -f /tmp/amazon-cloudwatch-agent.deb",
        $"mkdir -p {LogDirectory} /var/lib/rtconaws /usr/local/libexec",
        "OBS_TOKEN=$(curl -sf -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' http://169.254.169.254/latest/api/token)",
        "OBS_INSTANCE_ID=$(curl -sf -H \"X-aws-ec2-metadata-token: $OBS_TOKEN\" http://169.254.169.254/latest/meta-data/instance-id)",
        "echo \"$OBS_INSTANCE_ID\" > /var/lib/rtconaws/instance-id",
        "cat > /etc/systemd/system/rtconaws-journal-export@.service <<'UNIT'",
        "[Unit]",
        "Description=RtcOnAws: copy the journal of %i.service to a file the CloudWatch agent ships",
        "After=systemd-journald.service",
        "",
        "[Service]",
        // The cursor file resumes after a restart without losing or repeating lines.
        $"ExecStart=/bin/sh -c 'exec journalctl --follow --cursor-file=/var/lib/rtconaws/%i.cursor --unit=%i.service --output=short-iso >> {LogDirectory}/%i.log'",
        "Restart=always",
        "RestartSec=2",
        "",
        "[Install]",
        "WantedBy=multi-user.target",
        "UNIT",
        "cat > /etc/logrotate.d/rtconaws <<'ROTATE'",
        $"{LogDirectory}/*.log {{",
        "    daily",
        "    maxsize 100M",
        "    rotate 2",
        "    missingok",
        "    notifempty",
        "    copytruncate",
        "}",
        "ROTATE",
        $"cat > {SipStatsScript} <<'SCRIPT'",
        .. SipStatsScriptLines(),
        "SCRIPT",
        $"chmod 0755 {SipStatsScript}",
        "cat > /etc/systemd/system/rtconaws-sip-stats.service <<'UNIT'",
        "[Unit]",
        "Description=RtcOnAws: publish the SIP proxy's request and reply counts as CloudWatch EMF",
        "",
        "[Service]",
        "Type=oneshot",
        $"ExecStart={SipStatsScript}",
        "UNIT",
        "cat > /etc/systemd/system/rtconaws-sip-stats.timer <<'UNIT'",
        "[Unit]",
        "Description=RtcOnAws: SIP statistics every minute",
        "",
        "[Timer]",
        "OnBootSec=60",
        "OnUnitActiveSec=60",
        "AccuracySec=5",
        "",
        "[Install]",
        "WantedBy=timers.target",
        "UNIT",
        .. mediaNode ? PrometheusConfigLines() : [],
        $"cat > {AgentConfigPath} <<'AGENT'",
        AgentConfig(region, mediaNode),
        "AGENT",
        "systemctl daemon-reload",
        $"systemctl enable --now {(mediaNode ? $"rtconaws-journal-export@{MediaNodeUnit}.service " : "")}rtconaws-journal-export@{SipProxyUnit}.service rtconaws-sip-stats.timer",
        $"/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:{AgentConfigPath}",
    ];

    /// <summary>media-node's <c>/metrics</c> on loopback, labelled with the instance id (the alarms' dimension).</summary>
    private static IEnumerable<string> PrometheusConfigLines() =>
    [
        $"cat > {PrometheusConfigPath} <<PROMETHEUS",
        "global:",
        "  scrape_interval: 60s",
        "  scrape_timeout: 10s",
        "scrape_configs:",
        "  - job_name: media-node",
        "    static_configs:",
        "      - targets: ['127.0.0.1:2225']",
        "        labels:",
        "          InstanceId: $OBS_INSTANCE_ID",
        "PROMETHEUS",
    ];

    private string AgentConfig(string region, bool mediaNode)
    {
        var collected = new Dictionary<string, object>
        {
            ["files"] = new Dictionary<string, object>
            {
                ["collect_list"] = (mediaNode ? new[] { FileLog($"{LogDirectory}/{MediaNodeUnit}.log", MediaNodeLogGroup) } : [])
                    .Append(FileLog($"{LogDirectory}/{SipProxyUnit}.log", SipProxyLogGroup)).ToArray(),
            },
        };
        if (mediaNode)
        {
            collected["prometheus"] = PrometheusSection();
        }
        return Stack.Of(this).ToJsonString(new Dictionary<string, object>
        {
            ["agent"] = new Dictionary<string, object> { ["region"] = region },
            ["logs"] = new Dictionary<string, object>
            {
                ["force_flush_interval"] = 15,
                ["logs_collected"] = collected,
                // The SIP statistics timer sends its EMF documents to the agent's local EMF listener (TCP 25888).
                ["metrics_collected"] = new Dictionary<string, object> { ["emf"] = new Dictionary<string, object>() },
            },
        });
    }

    private Dictionary<string, object> PrometheusSection() => new()
    {
        ["log_group_name"] = MetricsLogGroup.LogGroupName,
        ["prometheus_config_path"] = PrometheusConfigPath,
        ["emf_processor"] = new Dictionary<string, object>
        {
            ["metric_namespace"] = MediaNodeNamespace,
            ["metric_declaration"] = new object[]
            {
                Declaration([["InstanceId"]], "medianode_calls", "medianode_streams", "medianode_forwarding_enabled",
                    "medianode_packets_received_total", "medianode_packets_relayed_total", "medianode_port_pairs_in_use"),
                Declaration([["InstanceId", "reason"]], "medianode_packets_dropped_total"),
                Declaration([["InstanceId", "result"]], "medianode_ng_commands_total"),
                Declaration([["InstanceId", "role"]], "medianode_ha_role"),
                Declaration([["InstanceId", "to"]], "medianode_ha_transitions_total"),
            },
        },
    };

    private static Dictionary<string, object> FileLog(string path, LogGroup group) => new()
    {
        ["file_path"] = path,
        ["log_group_name"] = group.LogGroupName,
        ["log_stream_name"] = "{instance_id}",
        ["timezone"] = "UTC",
    };

    private static Dictionary<string, object> Declaration(string[][] dimensions, params string[] metrics) => new()
    {
        ["source_labels"] = new[] { "job" },
        ["label_matcher"] = "^media-node$",
        ["dimensions"] = dimensions,
        ["metric_selectors"] = metrics.Select(m => $"^{m}$").ToArray(),
    };

    /// <summary>
    /// Reads Kamailio's core counters with <c>kamcmd</c>, turns them into per-minute deltas against the previous run and
    /// sends one EMF document to the agent. Nothing is sent while Kamailio does not answer (no data, not zero).
    /// </summary>
    private IEnumerable<string> SipStatsScriptLines() =>
    [
        "#!/bin/bash",
        "set -euo pipefail",
        "export LC_ALL=C",
        // Where the previous counters and the instance id are, and the agent's EMF listener (overridable for a test run).
        "state_dir=${RTCONAWS_STATE_DIR:-/var/lib/rtconaws}",
        "emf_endpoint=${RTCONAWS_EMF_ENDPOINT:-127.0.0.1/25888}",
        "state=$state_dir/sip-stats.previous",
        "current=$(mktemp)",
        "trap 'rm -f \"$current\"' EXIT",
        // No SIP proxy (yet, or not running): nothing to report, and no failed unit every minute.
        "{ kamcmd stats.get_statistics core: 2>/dev/null || true; } | awk -F' = ' '$1 ~ /^core:(rcv_requests|rcv_requests_(invite|register|options|bye|cancel|ack)|rcv_replies_[1-6]xx|drop_requests|err_requests)$/ { sub(/^core:/, \"\", $1); print $1, $2 }' | sort > \"$current\"",
        "[ -s \"$current\" ] || exit 0",
        "if [ -s \"$state\" ]; then",
        "  instance=$(cat \"$state_dir/instance-id\")",
        "  metrics=$(join \"$state\" \"$current\" | awk '{ d = $3 - $2; if (d < 0) d = $3; printf \"%s\\\"%s\\\":%d\", (n++ ? \",\" : \"\"), $1, d }')",
        "  names=$(join \"$state\" \"$current\" | awk '{ printf \"%s{\\\"Name\\\":\\\"%s\\\",\\\"Unit\\\":\\\"Count\\\"}\", (n++ ? \",\" : \"\"), $1 }')",
        $"  printf '{{\"_aws\":{{\"Timestamp\":%s000,\"LogGroupName\":\"%s\",\"CloudWatchMetrics\":[{{\"Namespace\":\"{SipNamespace}\",\"Dimensions\":[[\"InstanceId\"]],\"Metrics\":[%s]}}]}},\"InstanceId\":\"%s\",%s}}\\n' \"$(date +%s)\" \"{MetricsLogGroup.LogGroupName}\" \"$names\" \"$instance\" \"$metrics\" > \"/dev/tcp/$emf_endpoint\"",
        "fi",
        "mv \"$current\" \"$state\"",
        "trap - EXIT",
    ];

    private static string UnitName(string service) => service[..^".service".Length];
}
