/* cmd_sysctl.c — `sysctl` as procps-ng 4.0.2 has it (Debian 12).
 *
 *   sysctl net.ipv4.ip_forward            net.ipv4.ip_forward = 0
 *   sysctl -n net.ipv4.ip_forward         0
 *   sysctl -w net.ipv4.ip_forward=1       net.ipv4.ip_forward = 1
 *   sysctl -p [FILE...]                   apply /etc/sysctl.conf (or FILEs)
 *   sysctl --system                       apply /etc/sysctl.d/NAME.conf, then /etc/sysctl.conf
 *   sysctl -a [-r REGEX]                  every key wirelab models, sorted
 * with -q, -e, -N, -b, --dry-run, names written with '/' or '.', and the
 * real messages and exit statuses.  A value is read as the kernel's
 * proc_dointvec() reads it (leading blanks, 0x hex, 0 octal, a sign; what
 * follows a blank is ignored) and printed as it was typed.
 *
 * Three kinds of keys:
 *   - modelled ones (net/sysctl.h), plus what Linux ties to them:
 *     net.ipv4.conf.all.forwarding is net.ipv4.ip_forward, every device's
 *     neighbour parameters read as the node's, kernel.hostname is the
 *     host name;
 *   - keys Linux has that wirelab does not model (IPv6, TCP, conf.*,
 *     net.core, kernel.*, ...): a script written for a real machine must
 *     still run, so they are accepted with a one-line notice on stderr and
 *     exit 0; reading one shows Linux's default when it is known (values
 *     of a fresh namespace on Linux);
 *   - anything else does not exist: "cannot stat /proc/sys/...", exit 1.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd_int.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "dev/node_files.h"
#include "net/sysctl.h"
#include "util/die.h"

static const char usage_text[] =
	"\n"
	"Usage:\n"
	" sysctl [options] [variable[=value] ...]\n"
	"\n"
	"Options:\n"
	"  -a, --all            display all variables\n"
	"  -A                   alias of -a\n"
	"  -X                   alias of -a\n"
	"      --deprecated     include deprecated parameters to listing\n"
	"      --dry-run        Print the key and values but do not write\n"
	"  -b, --binary         print value without new line\n"
	"  -e, --ignore         ignore unknown variables errors\n"
	"  -N, --names          print variable names without values\n"
	"  -n, --values         print only values of the given variable(s)\n"
	"  -p, --load[=<file>]  read values from file\n"
	"  -f                   alias of -p\n"
	"      --system         read values from all system directories\n"
	"  -r, --pattern <expression>\n"
	"                       select setting that match expression\n"
	"  -q, --quiet          do not echo variable set\n"
	"  -w, --write          enable writing a value to variable\n"
	"  -o                   does nothing\n"
	"  -x                   does nothing\n"
	"  -d                   alias of -h\n"
	"\n"
	" -h, --help     display this help and exit\n"
	" -V, --version  output version information and exit\n"
	"\n"
	"For more details see sysctl(8).\n";

/* Keys of Linux that wirelab does not model, with their value in a new
 * namespace.  '*' stands for a device name, "all" or "default". */
static const struct linux_key {
	const char *name;
	const char *value;
} linux_keys[] = {
	{ "net.bridge.bridge-nf-call-arptables", "1" },
	{ "net.bridge.bridge-nf-call-ip6tables", "1" },
	{ "net.bridge.bridge-nf-call-iptables", "1" },
	{ "net.bridge.bridge-nf-filter-pppoe-tagged", "0" },
	{ "net.bridge.bridge-nf-filter-vlan-tagged", "0" },
	{ "net.bridge.bridge-nf-pass-vlan-input-dev", "0" },
	{ "net.core.bpf_jit_enable", "1" },
	{ "net.core.bpf_jit_harden", "0" },
	{ "net.core.bpf_jit_kallsyms", "1" },
	{ "net.core.bpf_jit_limit", "528482304" },
	{ "net.core.busy_poll", "0" },
	{ "net.core.busy_read", "0" },
	{ "net.core.default_qdisc", "pfifo_fast" },
	{ "net.core.dev_weight", "64" },
	{ "net.core.dev_weight_rx_bias", "1" },
	{ "net.core.dev_weight_tx_bias", "1" },
	{ "net.core.devconf_inherit_init_net", "0" },
	{ "net.core.fb_tunnels_only_for_init_net", "0" },
	{ "net.core.flow_limit_cpu_bitmap", "0" },
	{ "net.core.flow_limit_table_len", "4096" },
	{ "net.core.gro_normal_batch", "8" },
	{ "net.core.high_order_alloc_disable", "0" },
	{ "net.core.max_skb_frags", "17" },
	{ "net.core.mem_pcpu_rsv", "256" },
	{ "net.core.message_burst", "10" },
	{ "net.core.message_cost", "5" },
	{ "net.core.netdev_budget", "300" },
	{ "net.core.netdev_budget_usecs", "8000" },
	{ "net.core.netdev_max_backlog", "1000" },
	{ "net.core.netdev_rss_key", "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00" },
	{ "net.core.netdev_tstamp_prequeue", "1" },
	{ "net.core.netdev_unregister_timeout_secs", "10" },
	{ "net.core.optmem_max", "131072" },
	{ "net.core.rmem_default", "212992" },
	{ "net.core.rmem_max", "4194304" },
	{ "net.core.rps_default_mask", "0" },
	{ "net.core.rps_sock_flow_entries", "0" },
	{ "net.core.skb_defer_max", "64" },
	{ "net.core.somaxconn", "4096" },
	{ "net.core.tstamp_allow_data", "1" },
	{ "net.core.txrehash", "1" },
	{ "net.core.warnings", "0" },
	{ "net.core.wmem_default", "212992" },
	{ "net.core.wmem_max", "4194304" },
	{ "net.core.xfrm_acq_expires", "30" },
	{ "net.core.xfrm_aevent_etime", "10" },
	{ "net.core.xfrm_aevent_rseqth", "2" },
	{ "net.core.xfrm_larval_drop", "1" },
	{ "net.ipv4.cipso_cache_bucket_size", "10" },
	{ "net.ipv4.cipso_cache_enable", "1" },
	{ "net.ipv4.cipso_rbm_optfmt", "0" },
	{ "net.ipv4.cipso_rbm_strictvalid", "1" },
	{ "net.ipv4.conf.*.accept_local", "0" },
	{ "net.ipv4.conf.*.accept_redirects", "1" },
	{ "net.ipv4.conf.*.accept_source_route", "0" },
	{ "net.ipv4.conf.*.arp_accept", "0" },
	{ "net.ipv4.conf.*.arp_announce", "0" },
	{ "net.ipv4.conf.*.arp_evict_nocarrier", "1" },
	{ "net.ipv4.conf.*.arp_filter", "0" },
	{ "net.ipv4.conf.*.arp_ignore", "0" },
	{ "net.ipv4.conf.*.arp_notify", "0" },
	{ "net.ipv4.conf.*.bc_forwarding", "0" },
	{ "net.ipv4.conf.*.bootp_relay", "0" },
	{ "net.ipv4.conf.*.disable_policy", "0" },
	{ "net.ipv4.conf.*.disable_xfrm", "0" },
	{ "net.ipv4.conf.*.drop_gratuitous_arp", "0" },
	{ "net.ipv4.conf.*.drop_unicast_in_l2_multicast", "0" },
	{ "net.ipv4.conf.*.force_igmp_version", "0" },
	{ "net.ipv4.conf.*.forwarding", "0" },
	{ "net.ipv4.conf.*.igmpv2_unsolicited_report_interval", "10000" },
	{ "net.ipv4.conf.*.igmpv3_unsolicited_report_interval", "1000" },
	{ "net.ipv4.conf.*.ignore_routes_with_linkdown", "0" },
	{ "net.ipv4.conf.*.log_martians", "0" },
	{ "net.ipv4.conf.*.mc_forwarding", "0" },
	{ "net.ipv4.conf.*.medium_id", "0" },
	{ "net.ipv4.conf.*.promote_secondaries", "0" },
	{ "net.ipv4.conf.*.proxy_arp", "0" },
	{ "net.ipv4.conf.*.proxy_arp_pvlan", "0" },
	{ "net.ipv4.conf.*.route_localnet", "0" },
	{ "net.ipv4.conf.*.rp_filter", "0" },
	{ "net.ipv4.conf.*.secure_redirects", "1" },
	{ "net.ipv4.conf.*.send_redirects", "1" },
	{ "net.ipv4.conf.*.shared_media", "1" },
	{ "net.ipv4.conf.*.src_valid_mark", "0" },
	{ "net.ipv4.conf.*.tag", "0" },
	{ "net.ipv4.fib_multipath_hash_fields", "7" },
	{ "net.ipv4.fib_multipath_hash_policy", "0" },
	{ "net.ipv4.fib_multipath_hash_seed", "0" },
	{ "net.ipv4.fib_multipath_use_neigh", "0" },
	{ "net.ipv4.fib_notify_on_flag_change", "0" },
	{ "net.ipv4.fib_sync_mem", "524288" },
	{ "net.ipv4.fwmark_reflect", "0" },
	{ "net.ipv4.icmp_echo_enable_probe", "0" },
	{ "net.ipv4.icmp_errors_use_inbound_ifaddr", "0" },
	{ "net.ipv4.icmp_ignore_bogus_error_responses", "1" },
	{ "net.ipv4.icmp_msgs_burst", "50" },
	{ "net.ipv4.icmp_msgs_per_sec", "1000" },
	{ "net.ipv4.igmp_link_local_mcast_reports", "1" },
	{ "net.ipv4.igmp_max_memberships", "20" },
	{ "net.ipv4.igmp_max_msf", "10" },
	{ "net.ipv4.igmp_qrv", "2" },
	{ "net.ipv4.inet_peer_maxttl", "600" },
	{ "net.ipv4.inet_peer_minttl", "120" },
	{ "net.ipv4.inet_peer_threshold", "65664" },
	{ "net.ipv4.ip_autobind_reuse", "0" },
	{ "net.ipv4.ip_dynaddr", "0" },
	{ "net.ipv4.ip_early_demux", "1" },
	{ "net.ipv4.ip_forward_update_priority", "1" },
	{ "net.ipv4.ip_forward_use_pmtu", "0" },
	{ "net.ipv4.ip_local_port_range", "32768\t60999" },
	{ "net.ipv4.ip_local_reserved_ports", "" },
	{ "net.ipv4.ip_no_pmtu_disc", "0" },
	{ "net.ipv4.ip_nonlocal_bind", "0" },
	{ "net.ipv4.ip_unprivileged_port_start", "1024" },
	{ "net.ipv4.ipfrag_high_thresh", "4194304" },
	{ "net.ipv4.ipfrag_low_thresh", "3145728" },
	{ "net.ipv4.ipfrag_max_dist", "64" },
	{ "net.ipv4.ipfrag_secret_interval", "0" },
	{ "net.ipv4.ipfrag_time", "30" },
	{ "net.ipv4.neigh.*.anycast_delay", "100" },
	{ "net.ipv4.neigh.*.app_solicit", "0" },
	{ "net.ipv4.neigh.*.base_reachable_time_ms", "30000" },
	{ "net.ipv4.neigh.*.delay_first_probe_time", "5" },
	{ "net.ipv4.neigh.*.gc_stale_time", "60" },
	{ "net.ipv4.neigh.*.interval_probe_time_ms", "5000" },
	{ "net.ipv4.neigh.*.locktime", "100" },
	{ "net.ipv4.neigh.*.mcast_resolicit", "0" },
	{ "net.ipv4.neigh.*.mcast_solicit", "3" },
	{ "net.ipv4.neigh.*.proxy_delay", "80" },
	{ "net.ipv4.neigh.*.proxy_qlen", "64" },
	{ "net.ipv4.neigh.*.retrans_time_ms", "1000" },
	{ "net.ipv4.neigh.*.ucast_solicit", "3" },
	{ "net.ipv4.neigh.*.unres_qlen", "101" },
	{ "net.ipv4.neigh.*.unres_qlen_bytes", "212992" },
	{ "net.ipv4.neigh.default.gc_interval", "30" },
	{ "net.ipv4.neigh.default.gc_thresh1", "128" },
	{ "net.ipv4.neigh.default.gc_thresh2", "512" },
	{ "net.ipv4.neigh.default.gc_thresh3", "1024" },
	{ "net.ipv4.nexthop_compat_mode", "1" },
	{ "net.ipv4.ping_group_range", "1\t0" },
	{ "net.ipv4.raw_l3mdev_accept", "1" },
	{ "net.ipv4.route.error_burst", "1250" },
	{ "net.ipv4.route.error_cost", "250" },
	{ "net.ipv4.route.gc_elasticity", "8" },
	{ "net.ipv4.route.gc_interval", "60" },
	{ "net.ipv4.route.gc_min_interval", "0" },
	{ "net.ipv4.route.gc_min_interval_ms", "500" },
	{ "net.ipv4.route.gc_thresh", "-1" },
	{ "net.ipv4.route.gc_timeout", "300" },
	{ "net.ipv4.route.max_size", "2147483647" },
	{ "net.ipv4.route.min_adv_mss", "256" },
	{ "net.ipv4.route.min_pmtu", "552" },
	{ "net.ipv4.route.mtu_expires", "600" },
	{ "net.ipv4.route.redirect_load", "5" },
	{ "net.ipv4.route.redirect_number", "9" },
	{ "net.ipv4.route.redirect_silence", "5120" },
	{ "net.ipv4.tcp_abort_on_overflow", "0" },
	{ "net.ipv4.tcp_adv_win_scale", "1" },
	{ "net.ipv4.tcp_allowed_congestion_control", "reno bbr" },
	{ "net.ipv4.tcp_app_win", "31" },
	{ "net.ipv4.tcp_autocorking", "1" },
	{ "net.ipv4.tcp_available_congestion_control", "reno bbr cubic" },
	{ "net.ipv4.tcp_available_ulp", "mptcp" },
	{ "net.ipv4.tcp_backlog_ack_defer", "1" },
	{ "net.ipv4.tcp_base_mss", "1024" },
	{ "net.ipv4.tcp_challenge_ack_limit", "2147483647" },
	{ "net.ipv4.tcp_child_ehash_entries", "0" },
	{ "net.ipv4.tcp_comp_sack_delay_ns", "1000000" },
	{ "net.ipv4.tcp_comp_sack_nr", "44" },
	{ "net.ipv4.tcp_comp_sack_slack_ns", "100000" },
	{ "net.ipv4.tcp_congestion_control", "bbr" },
	{ "net.ipv4.tcp_dsack", "1" },
	{ "net.ipv4.tcp_early_demux", "1" },
	{ "net.ipv4.tcp_early_retrans", "3" },
	{ "net.ipv4.tcp_ecn", "2" },
	{ "net.ipv4.tcp_ecn_fallback", "1" },
	{ "net.ipv4.tcp_ecn_option", "2" },
	{ "net.ipv4.tcp_ecn_option_beacon", "3" },
	{ "net.ipv4.tcp_ehash_entries", "-262144" },
	{ "net.ipv4.tcp_fack", "0" },
	{ "net.ipv4.tcp_fastopen", "1" },
	{ "net.ipv4.tcp_fastopen_blackhole_timeout_sec", "0" },
	{ "net.ipv4.tcp_fastopen_key", "00000000-00000000-00000000-00000000" },
	{ "net.ipv4.tcp_fin_timeout", "60" },
	{ "net.ipv4.tcp_frto", "2" },
	{ "net.ipv4.tcp_fwmark_accept", "0" },
	{ "net.ipv4.tcp_invalid_ratelimit", "500" },
	{ "net.ipv4.tcp_keepalive_intvl", "75" },
	{ "net.ipv4.tcp_keepalive_probes", "9" },
	{ "net.ipv4.tcp_keepalive_time", "7200" },
	{ "net.ipv4.tcp_l3mdev_accept", "0" },
	{ "net.ipv4.tcp_limit_output_bytes", "4194304" },
	{ "net.ipv4.tcp_low_latency", "0" },
	{ "net.ipv4.tcp_max_orphans", "131072" },
	{ "net.ipv4.tcp_max_reordering", "300" },
	{ "net.ipv4.tcp_max_syn_backlog", "2048" },
	{ "net.ipv4.tcp_max_tw_buckets", "131072" },
	{ "net.ipv4.tcp_mem", "287901\t383868\t575802" },
	{ "net.ipv4.tcp_migrate_req", "0" },
	{ "net.ipv4.tcp_min_rtt_wlen", "300" },
	{ "net.ipv4.tcp_min_snd_mss", "48" },
	{ "net.ipv4.tcp_min_tso_segs", "2" },
	{ "net.ipv4.tcp_moderate_rcvbuf", "1" },
	{ "net.ipv4.tcp_mtu_probe_floor", "48" },
	{ "net.ipv4.tcp_mtu_probing", "0" },
	{ "net.ipv4.tcp_no_metrics_save", "0" },
	{ "net.ipv4.tcp_no_ssthresh_metrics_save", "1" },
	{ "net.ipv4.tcp_notsent_lowat", "4294967295" },
	{ "net.ipv4.tcp_orphan_retries", "0" },
	{ "net.ipv4.tcp_pacing_ca_ratio", "120" },
	{ "net.ipv4.tcp_pacing_ss_ratio", "200" },
	{ "net.ipv4.tcp_pingpong_thresh", "1" },
	{ "net.ipv4.tcp_plb_cong_thresh", "128" },
	{ "net.ipv4.tcp_plb_enabled", "0" },
	{ "net.ipv4.tcp_plb_idle_rehash_rounds", "3" },
	{ "net.ipv4.tcp_plb_rehash_rounds", "12" },
	{ "net.ipv4.tcp_plb_suspend_rto_sec", "60" },
	{ "net.ipv4.tcp_probe_interval", "600" },
	{ "net.ipv4.tcp_probe_threshold", "8" },
	{ "net.ipv4.tcp_recovery", "1" },
	{ "net.ipv4.tcp_reflect_tos", "0" },
	{ "net.ipv4.tcp_reordering", "3" },
	{ "net.ipv4.tcp_retrans_collapse", "1" },
	{ "net.ipv4.tcp_retries1", "3" },
	{ "net.ipv4.tcp_retries2", "15" },
	{ "net.ipv4.tcp_rfc1337", "0" },
	{ "net.ipv4.tcp_rmem", "4096\t131072\t33554432" },
	{ "net.ipv4.tcp_rto_max_ms", "120000" },
	{ "net.ipv4.tcp_rto_min_us", "200000" },
	{ "net.ipv4.tcp_sack", "1" },
	{ "net.ipv4.tcp_shrink_window", "0" },
	{ "net.ipv4.tcp_slow_start_after_idle", "1" },
	{ "net.ipv4.tcp_stdurg", "0" },
	{ "net.ipv4.tcp_syn_linear_timeouts", "4" },
	{ "net.ipv4.tcp_syn_retries", "6" },
	{ "net.ipv4.tcp_synack_retries", "5" },
	{ "net.ipv4.tcp_syncookies", "1" },
	{ "net.ipv4.tcp_thin_linear_timeouts", "0" },
	{ "net.ipv4.tcp_timestamps", "1" },
	{ "net.ipv4.tcp_tso_rtt_log", "9" },
	{ "net.ipv4.tcp_tso_win_divisor", "3" },
	{ "net.ipv4.tcp_tw_reuse", "2" },
	{ "net.ipv4.tcp_tw_reuse_delay", "1000" },
	{ "net.ipv4.tcp_window_scaling", "1" },
	{ "net.ipv4.tcp_wmem", "4096\t16384\t4194304" },
	{ "net.ipv4.tcp_workaround_signed_windows", "0" },
	{ "net.ipv4.udp_child_hash_entries", "0" },
	{ "net.ipv4.udp_early_demux", "1" },
	{ "net.ipv4.udp_hash_entries", "-16384" },
	{ "net.ipv4.udp_l3mdev_accept", "0" },
	{ "net.ipv4.udp_mem", "575802\t767736\t1151604" },
	{ "net.ipv4.udp_rmem_min", "4096" },
	{ "net.ipv4.udp_wmem_min", "4096" },
	{ "net.ipv4.xfrm4_gc_thresh", "32768" },
	{ "net.ipv6.anycast_src_echo_reply", "0" },
	{ "net.ipv6.auto_flowlabels", "1" },
	{ "net.ipv6.bindv6only", "0" },
	{ "net.ipv6.calipso_cache_bucket_size", "10" },
	{ "net.ipv6.calipso_cache_enable", "1" },
	{ "net.ipv6.conf.*.accept_dad", "0" },
	{ "net.ipv6.conf.*.accept_ra", "1" },
	{ "net.ipv6.conf.*.accept_ra_defrtr", "1" },
	{ "net.ipv6.conf.*.accept_ra_from_local", "0" },
	{ "net.ipv6.conf.*.accept_ra_min_hop_limit", "1" },
	{ "net.ipv6.conf.*.accept_ra_min_lft", "0" },
	{ "net.ipv6.conf.*.accept_ra_mtu", "1" },
	{ "net.ipv6.conf.*.accept_ra_pinfo", "1" },
	{ "net.ipv6.conf.*.accept_ra_rt_info_max_plen", "0" },
	{ "net.ipv6.conf.*.accept_ra_rt_info_min_plen", "0" },
	{ "net.ipv6.conf.*.accept_ra_rtr_pref", "1" },
	{ "net.ipv6.conf.*.accept_redirects", "1" },
	{ "net.ipv6.conf.*.accept_source_route", "0" },
	{ "net.ipv6.conf.*.accept_untracked_na", "0" },
	{ "net.ipv6.conf.*.addr_gen_mode", "0" },
	{ "net.ipv6.conf.*.autoconf", "1" },
	{ "net.ipv6.conf.*.dad_transmits", "1" },
	{ "net.ipv6.conf.*.disable_ipv6", "0" },
	{ "net.ipv6.conf.*.disable_policy", "0" },
	{ "net.ipv6.conf.*.drop_unicast_in_l2_multicast", "0" },
	{ "net.ipv6.conf.*.drop_unsolicited_na", "0" },
	{ "net.ipv6.conf.*.enhanced_dad", "1" },
	{ "net.ipv6.conf.*.force_forwarding", "0" },
	{ "net.ipv6.conf.*.force_mld_version", "0" },
	{ "net.ipv6.conf.*.force_tllao", "0" },
	{ "net.ipv6.conf.*.forwarding", "0" },
	{ "net.ipv6.conf.*.hop_limit", "64" },
	{ "net.ipv6.conf.*.ignore_routes_with_linkdown", "0" },
	{ "net.ipv6.conf.*.ioam6_enabled", "0" },
	{ "net.ipv6.conf.*.ioam6_id", "65535" },
	{ "net.ipv6.conf.*.ioam6_id_wide", "4294967295" },
	{ "net.ipv6.conf.*.keep_addr_on_down", "0" },
	{ "net.ipv6.conf.*.max_addresses", "16" },
	{ "net.ipv6.conf.*.max_desync_factor", "600" },
	{ "net.ipv6.conf.*.mc_forwarding", "0" },
	{ "net.ipv6.conf.*.mldv1_unsolicited_report_interval", "10000" },
	{ "net.ipv6.conf.*.mldv2_unsolicited_report_interval", "1000" },
	{ "net.ipv6.conf.*.mtu", "1280" },
	{ "net.ipv6.conf.*.ndisc_evict_nocarrier", "1" },
	{ "net.ipv6.conf.*.ndisc_notify", "0" },
	{ "net.ipv6.conf.*.ndisc_tclass", "0" },
	{ "net.ipv6.conf.*.optimistic_dad", "0" },
	{ "net.ipv6.conf.*.proxy_ndp", "0" },
	{ "net.ipv6.conf.*.ra_defrtr_metric", "1024" },
	{ "net.ipv6.conf.*.ra_honor_pio_life", "0" },
	{ "net.ipv6.conf.*.ra_honor_pio_pflag", "0" },
	{ "net.ipv6.conf.*.regen_max_retry", "3" },
	{ "net.ipv6.conf.*.regen_min_advance", "2" },
	{ "net.ipv6.conf.*.router_probe_interval", "60" },
	{ "net.ipv6.conf.*.router_solicitation_delay", "1" },
	{ "net.ipv6.conf.*.router_solicitation_interval", "4" },
	{ "net.ipv6.conf.*.router_solicitation_max_interval", "3600" },
	{ "net.ipv6.conf.*.router_solicitations", "-1" },
	{ "net.ipv6.conf.*.rpl_seg_enabled", "0" },
	{ "net.ipv6.conf.*.seg6_enabled", "0" },
	{ "net.ipv6.conf.*.seg6_require_hmac", "0" },
	{ "net.ipv6.conf.*.suppress_frag_ndisc", "1" },
	{ "net.ipv6.conf.*.temp_prefered_lft", "86400" },
	{ "net.ipv6.conf.*.temp_valid_lft", "604800" },
	{ "net.ipv6.conf.*.use_oif_addrs_only", "0" },
	{ "net.ipv6.conf.*.use_optimistic", "0" },
	{ "net.ipv6.conf.*.use_tempaddr", "0" },
	{ "net.ipv6.fib_multipath_hash_fields", "7" },
	{ "net.ipv6.fib_multipath_hash_policy", "0" },
	{ "net.ipv6.fib_notify_on_flag_change", "0" },
	{ "net.ipv6.flowlabel_consistency", "1" },
	{ "net.ipv6.flowlabel_reflect", "0" },
	{ "net.ipv6.flowlabel_state_ranges", "0" },
	{ "net.ipv6.fwmark_reflect", "0" },
	{ "net.ipv6.icmp.echo_ignore_all", "0" },
	{ "net.ipv6.icmp.echo_ignore_anycast", "0" },
	{ "net.ipv6.icmp.echo_ignore_multicast", "0" },
	{ "net.ipv6.icmp.error_anycast_as_unicast", "0" },
	{ "net.ipv6.icmp.ratelimit", "100" },
	{ "net.ipv6.icmp.ratemask", "0-1,3-127" },
	{ "net.ipv6.idgen_delay", "1" },
	{ "net.ipv6.idgen_retries", "3" },
	{ "net.ipv6.ioam6_id", "16777215" },
	{ "net.ipv6.ioam6_id_wide", "72057594037927935" },
	{ "net.ipv6.ip6frag_high_thresh", "4194304" },
	{ "net.ipv6.ip6frag_low_thresh", "3145728" },
	{ "net.ipv6.ip6frag_secret_interval", "0" },
	{ "net.ipv6.ip6frag_time", "60" },
	{ "net.ipv6.ip_nonlocal_bind", "0" },
	{ "net.ipv6.max_dst_opts_length", "2147483647" },
	{ "net.ipv6.max_dst_opts_number", "8" },
	{ "net.ipv6.max_hbh_length", "2147483647" },
	{ "net.ipv6.max_hbh_opts_number", "8" },
	{ "net.ipv6.mld_max_msf", "64" },
	{ "net.ipv6.mld_qrv", "2" },
	{ "net.ipv6.neigh.*.anycast_delay", "100" },
	{ "net.ipv6.neigh.*.app_solicit", "0" },
	{ "net.ipv6.neigh.*.base_reachable_time_ms", "30000" },
	{ "net.ipv6.neigh.*.delay_first_probe_time", "5" },
	{ "net.ipv6.neigh.*.gc_stale_time", "60" },
	{ "net.ipv6.neigh.*.interval_probe_time_ms", "5000" },
	{ "net.ipv6.neigh.*.locktime", "0" },
	{ "net.ipv6.neigh.*.mcast_resolicit", "0" },
	{ "net.ipv6.neigh.*.mcast_solicit", "3" },
	{ "net.ipv6.neigh.*.proxy_delay", "80" },
	{ "net.ipv6.neigh.*.proxy_qlen", "64" },
	{ "net.ipv6.neigh.*.retrans_time_ms", "1000" },
	{ "net.ipv6.neigh.*.ucast_solicit", "3" },
	{ "net.ipv6.neigh.*.unres_qlen", "101" },
	{ "net.ipv6.neigh.*.unres_qlen_bytes", "212992" },
	{ "net.ipv6.neigh.default.gc_interval", "30" },
	{ "net.ipv6.neigh.default.gc_thresh1", "128" },
	{ "net.ipv6.neigh.default.gc_thresh2", "512" },
	{ "net.ipv6.neigh.default.gc_thresh3", "1024" },
	{ "net.ipv6.route.gc_elasticity", "9" },
	{ "net.ipv6.route.gc_interval", "30" },
	{ "net.ipv6.route.gc_min_interval", "0" },
	{ "net.ipv6.route.gc_min_interval_ms", "500" },
	{ "net.ipv6.route.gc_thresh", "1024" },
	{ "net.ipv6.route.gc_timeout", "60" },
	{ "net.ipv6.route.max_size", "2147483647" },
	{ "net.ipv6.route.min_adv_mss", "1220" },
	{ "net.ipv6.route.mtu_expires", "600" },
	{ "net.ipv6.route.skip_notify_on_dev_down", "0" },
	{ "net.ipv6.seg6_flowlabel", "0" },
	{ "net.ipv6.xfrm6_gc_thresh", "32768" },
	{ "net.mptcp.add_addr_timeout", "120" },
	{ "net.mptcp.allow_join_initial_addr_port", "1" },
	{ "net.mptcp.available_path_managers", "kernel userspace" },
	{ "net.mptcp.available_schedulers", "default" },
	{ "net.mptcp.blackhole_timeout", "3600" },
	{ "net.mptcp.checksum_enabled", "0" },
	{ "net.mptcp.close_timeout", "60" },
	{ "net.mptcp.enabled", "1" },
	{ "net.mptcp.path_manager", "kernel" },
	{ "net.mptcp.pm_type", "0" },
	{ "net.mptcp.scheduler", "default" },
	{ "net.mptcp.stale_loss_cnt", "4" },
	{ "net.mptcp.syn_retrans_before_tcp_fallback", "2" },
	{ "net.netfilter.nf_conntrack_acct", "0" },
	{ "net.netfilter.nf_conntrack_buckets", "262144" },
	{ "net.netfilter.nf_conntrack_checksum", "1" },
	{ "net.netfilter.nf_conntrack_count", "0" },
	{ "net.netfilter.nf_conntrack_events", "2" },
	{ "net.netfilter.nf_conntrack_expect_max", "4096" },
	{ "net.netfilter.nf_conntrack_frag6_high_thresh", "4194304" },
	{ "net.netfilter.nf_conntrack_frag6_low_thresh", "3145728" },
	{ "net.netfilter.nf_conntrack_frag6_timeout", "60" },
	{ "net.netfilter.nf_conntrack_generic_timeout", "600" },
	{ "net.netfilter.nf_conntrack_gre_timeout", "30" },
	{ "net.netfilter.nf_conntrack_gre_timeout_stream", "180" },
	{ "net.netfilter.nf_conntrack_icmp_timeout", "30" },
	{ "net.netfilter.nf_conntrack_icmpv6_timeout", "30" },
	{ "net.netfilter.nf_conntrack_log_invalid", "0" },
	{ "net.netfilter.nf_conntrack_max", "262144" },
	{ "net.netfilter.nf_conntrack_sctp_timeout_closed", "10" },
	{ "net.netfilter.nf_conntrack_sctp_timeout_cookie_echoed", "3" },
	{ "net.netfilter.nf_conntrack_sctp_timeout_cookie_wait", "3" },
	{ "net.netfilter.nf_conntrack_sctp_timeout_established", "210" },
	{ "net.netfilter.nf_conntrack_sctp_timeout_heartbeat_sent", "30" },
	{ "net.netfilter.nf_conntrack_sctp_timeout_shutdown_ack_sent", "3" },
	{ "net.netfilter.nf_conntrack_sctp_timeout_shutdown_recd", "3" },
	{ "net.netfilter.nf_conntrack_sctp_timeout_shutdown_sent", "3" },
	{ "net.netfilter.nf_conntrack_tcp_be_liberal", "0" },
	{ "net.netfilter.nf_conntrack_tcp_ignore_invalid_rst", "0" },
	{ "net.netfilter.nf_conntrack_tcp_loose", "1" },
	{ "net.netfilter.nf_conntrack_tcp_max_retrans", "3" },
	{ "net.netfilter.nf_conntrack_tcp_timeout_close", "10" },
	{ "net.netfilter.nf_conntrack_tcp_timeout_close_wait", "60" },
	{ "net.netfilter.nf_conntrack_tcp_timeout_established", "432000" },
	{ "net.netfilter.nf_conntrack_tcp_timeout_fin_wait", "120" },
	{ "net.netfilter.nf_conntrack_tcp_timeout_last_ack", "30" },
	{ "net.netfilter.nf_conntrack_tcp_timeout_max_retrans", "300" },
	{ "net.netfilter.nf_conntrack_tcp_timeout_syn_recv", "60" },
	{ "net.netfilter.nf_conntrack_tcp_timeout_syn_sent", "120" },
	{ "net.netfilter.nf_conntrack_tcp_timeout_time_wait", "120" },
	{ "net.netfilter.nf_conntrack_tcp_timeout_unacknowledged", "300" },
	{ "net.netfilter.nf_conntrack_timestamp", "0" },
	{ "net.netfilter.nf_conntrack_udp_timeout", "30" },
	{ "net.netfilter.nf_conntrack_udp_timeout_stream", "120" },
	{ "net.netfilter.nf_hooks_lwtunnel", "0" },
	{ "net.netfilter.nf_log.0", "NONE" },
	{ "net.netfilter.nf_log.1", "NONE" },
	{ "net.netfilter.nf_log.10", "nf_log_ipv6" },
	{ "net.netfilter.nf_log.2", "nf_log_ipv4" },
	{ "net.netfilter.nf_log.3", "nf_log_arp" },
	{ "net.netfilter.nf_log.4", "NONE" },
	{ "net.netfilter.nf_log.5", "nf_log_netdev" },
	{ "net.netfilter.nf_log.6", "NONE" },
	{ "net.netfilter.nf_log.7", "nf_log_bridge" },
	{ "net.netfilter.nf_log.8", "NONE" },
	{ "net.netfilter.nf_log.9", "NONE" },
	{ "net.netfilter.nf_log_all_netns", "0" },
	{ "net.nf_conntrack_max", "262144" },
	{ "net.unix.max_dgram_qlen", "10" },
};

/* Families whose every key is accepted (wirelab cannot tell a real key of
 * theirs from a typo: the notice says it is ignored either way). */
static const char *const open_families[] = {
	"net.core.", "net.netfilter.", "net.bridge.", "net.unix.", "net.mptcp.", "kernel.", "vm.",
	"fs.", "user.", "dev.", "debug.", "abi.", "crypto.", "sunrpc.",
};

enum key_kind {
	KEY_UNKNOWN,
	KEY_MODELLED,           /* model names the engine key */
	KEY_DEVICE,             /* reads as model; a write is per device, not modelled */
	KEY_HOSTNAME,           /* kernel.hostname */
	KEY_LINUX,              /* exists on Linux, not modelled; dflt may be NULL */
};

struct key_info {
	enum key_kind kind;
	char name[256];         /* dotted, as sysctl prints it */
	char path[300];         /* /proc/sys/... */
	const char *model;      /* engine key for KEY_MODELLED / KEY_DEVICE */
	const char *dflt;       /* Linux's default for KEY_LINUX, or NULL */
};

struct run {
	struct cmd_ctx *c;
	bool quiet, names, values, binary, ignore, dry_run;
	int status;
};

static const struct linux_key *linux_find(const char *name)
{
	size_t lo = 0, hi = sizeof linux_keys / sizeof linux_keys[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int d = strcmp(linux_keys[mid].name, name);
		if (d == 0)
			return &linux_keys[mid];
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* net.ipv4.conf.DEV.LEAF and friends: DEV must be one of the node's
 * devices, or "all"/"default" (neigh: "default"). */
static bool device_part_ok(struct node *n, const char *dev, bool conf)
{
	if (strcmp(dev, "default") == 0 || (conf && strcmp(dev, "all") == 0))
		return true;
	return node_dev(n, dev) != NULL;
}

static void classify(struct node *n, const char *raw, struct key_info *k)
{
	memset(k, 0, sizeof *k);
	size_t len = strlen(raw);
	if (len >= sizeof k->name)
		len = sizeof k->name - 1;
	for (size_t i = 0; i < len; i++)
		k->name[i] = raw[i] == '/' ? '.' : raw[i];
	k->name[len] = '\0';
	size_t p = (size_t)snprintf(k->path, sizeof k->path, "/proc/sys/");
	for (size_t i = 0; i < len && p + 1 < sizeof k->path; i++)
		k->path[p++] = k->name[i] == '.' ? '/' : k->name[i];
	k->path[p] = '\0';
	k->kind = KEY_UNKNOWN;
	k->model = NULL;
	k->dflt = NULL;
	const char *name = k->name;
	const struct sysctl_key *sk = sysctl_find(name);
	if (sk) {
		k->kind = KEY_MODELLED;
		k->model = sk->name;
		return;
	}
	if (strcmp(name, "kernel.hostname") == 0) {
		k->kind = KEY_HOSTNAME;
		return;
	}
	/* net.ipv{4,6}.{conf,neigh}.DEV.LEAF */
	char fam[8], kind[8], dev[64], leaf[128];
	int used = 0;
	if (sscanf(name, "net.%7[^.].%7[^.].%63[^.].%127s%n", fam, kind, dev, leaf, &used) == 4 &&
	    (size_t)used == strlen(name) && (!strcmp(fam, "ipv4") || !strcmp(fam, "ipv6")) &&
	    (!strcmp(kind, "conf") || !strcmp(kind, "neigh"))) {
		bool conf = !strcmp(kind, "conf");
		char pattern[200];
		snprintf(pattern, sizeof pattern, "net.%s.%s.*.%s", fam, kind, leaf);
		const struct linux_key *lk = linux_find(pattern);
		if (!lk)
			lk = linux_find(name);  /* neigh.default.gc_thresh1 and the like */
		if (!lk || !device_part_ok(n, dev, conf))
			return;
		k->kind = KEY_LINUX;
		k->dflt = lk->value;
		if (!strcmp(fam, "ipv4") && conf && !strcmp(leaf, "forwarding")) {
			/* Linux: ip_forward is conf.all.forwarding, and writing it
			 * sets every device's. */
			k->model = "net.ipv4.ip_forward";
			k->kind = strcmp(dev, "all") == 0 ? KEY_MODELLED : KEY_DEVICE;
		} else if (!strcmp(fam, "ipv4") && !conf) {
			char model[200];
			snprintf(model, sizeof model, "net.ipv4.neigh.default.%s", leaf);
			const struct sysctl_key *m = sysctl_find(model);
			if (m) {
				k->model = m->name;
				k->kind = KEY_DEVICE;
			}
		}
		return;
	}
	const struct linux_key *lk = linux_find(name);
	if (lk) {
		k->kind = KEY_LINUX;
		k->dflt = lk->value;
		return;
	}
	for (size_t i = 0; i < sizeof open_families / sizeof open_families[0]; i++) {
		size_t fl = strlen(open_families[i]);
		if (strncmp(name, open_families[i], fl) == 0 && name[fl]) {
			k->kind = KEY_LINUX;
			return;
		}
	}
	if (strcmp(name, "net.nf_conntrack_max") == 0)
		k->kind = KEY_LINUX;
}

/* proc_dointvec()'s reading of a written value. */
static bool kernel_int(const char *s, int *out)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	bool neg = false;
	if (*s == '-') {
		neg = true;
		s++;
	}
	if (!isdigit((unsigned char)*s))
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno)
		return false;
	if (*end && *end != ' ' && *end != '\t' && *end != '\n')
		return false;
	if (neg ? v > (unsigned long long)INT_MAX + 1 : v > INT_MAX)
		return false;
	*out = neg ? (int)(-(long long)v) : (int)v;
	return true;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' ||
		       s[len - 1] == '\n'))
		s[--len] = '\0';
	return s;
}

/* What a read or a write prints.  procps 4.0.2 prints the value, not the
 * name, for a write under -N. */
static void print_value(struct run *r, const char *name, const char *value, bool write)
{
	struct strbuf *o = r->c->out;
	if (r->binary)
		sb_puts(o, value);
	else if (r->values || (write && r->names))
		sb_printf(o, "%s\n", value);
	else if (r->names)
		sb_printf(o, "%s\n", name);
	else
		sb_printf(o, "%s = %s\n", name, value);
}

static void fail(struct run *r, int status)
{
	if (r->status == 0 || status > r->status)
		r->status = status;
}

static void cannot_stat(struct run *r, const struct key_info *k)
{
	if (r->ignore)
		return;
	sb_printf(r->c->err, "sysctl: cannot stat %s: No such file or directory\n", k->path);
	fail(r, 1);
}

static void read_setting(struct run *r, const char *raw)
{
	struct cmd_ctx *c = r->c;
	if (!*raw) {
		sb_puts(c->err, "sysctl: \"\" is an unknown key\n");
		fail(r, 255);
		return;
	}
	struct key_info k;
	classify(c->node, raw, &k);
	char buf[80];
	int v;
	switch (k.kind) {
	case KEY_UNKNOWN:
		cannot_stat(r, &k);
		return;
	case KEY_MODELLED:
	case KEY_DEVICE:
		sysctl_get(c->node, k.model, &v);
		snprintf(buf, sizeof buf, "%d", v);
		print_value(r, k.name, buf, false);
		return;
	case KEY_HOSTNAME:
		print_value(r, k.name, node_machine(c->node)->hostname, false);
		return;
	case KEY_LINUX:
		if (k.dflt) {
			sb_printf(c->err, "wirelab: %s: not modelled, showing Linux's default\n", k.name);
			print_value(r, k.name, k.dflt, false);
		} else {
			sb_printf(c->err, "wirelab: %s: not modelled\n", k.name);
		}
		return;
	}
}

/* Write key=value (both already split off); from_file only changes nothing
 * here, the caller words syntax errors. */
static void apply_setting(struct run *r, char *key, char *value)
{
	struct cmd_ctx *c = r->c;
	key = trim(key);
	value = trim(value);
	if (!*key) {
		sb_puts(c->err, "sysctl: Path is not under /proc/sys/: /proc/sys/\n");
		fail(r, 1);
		return;
	}
	struct key_info k;
	classify(c->node, key, &k);
	if (k.kind == KEY_UNKNOWN) {
		cannot_stat(r, &k);
		return;
	}
	if (!*value) {
		sb_printf(c->err, "sysctl: setting key \"%s\": Invalid argument\n", k.name);
		fail(r, 1);
		return;
	}
	int v;
	switch (k.kind) {
	case KEY_MODELLED:
		if (!kernel_int(value, &v) ||
		    (!r->dry_run && sysctl_set(c->node, k.model, v) != 0)) {
			sb_printf(c->err, "sysctl: setting key \"%s\": Invalid argument\n", k.name);
			fail(r, 1);
			return;
		}
		break;
	case KEY_HOSTNAME:
		if (!r->dry_run) {
			struct node *m = node_machine(c->node);
			snprintf(m->hostname, sizeof m->hostname, "%s", value);
		}
		break;
	case KEY_DEVICE:
		sb_printf(c->err, "wirelab: %s: not modelled per device (%s is), ignored\n", k.name,
			  k.model);
		break;
	default:
		sb_printf(c->err, "wirelab: %s: not modelled, ignored\n", k.name);
		break;
	}
	if (!r->quiet)
		print_value(r, k.name, value, true);
}

static void write_setting(struct run *r, const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq) {
		sb_puts(r->c->err, "sysctl: command line(0): invalid syntax, continuing...\n");
		fail(r, 1);
		return;
	}
	size_t klen = (size_t)(eq - arg);
	char *key = strndup(arg, klen);
	char *value = strdup(eq + 1);
	apply_setting(r, key, value);
	free(key);
	free(value);
}

/* ---- -p FILE, --system ---------------------------------------------------- */

struct conf_line {
	char *key, *value;
};

static void preload(struct run *r, const char *file)
{
	struct cmd_ctx *c = r->c;
	char path[512];
	if (file[0] == '/')
		snprintf(path, sizeof path, "%s", file);
	else
		snprintf(path, sizeof path, "/root/%s", file);
	struct strbuf text = { 0 };
	if (cmd_file_read(c->node, path, &text) != 0) {
		sb_printf(c->err, "sysctl: cannot open \"%s\": No such file or directory\n", file);
		fail(r, 1);
		sb_free(&text);
		return;
	}
	/* procps reads the whole file first, warning about lines it cannot
	 * use, then applies the settings in order. */
	struct conf_line *lines = NULL;
	size_t n = 0;
	const char *p = sb_str(&text), *end = p + text.len;
	for (int lineno = 1; p < end; lineno++) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
		char *line = strndup(p, len);
		p += len + (eol ? 1 : 0);
		char *s = line;
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		if (!*s || *s == '#' || *s == ';') {
			free(line);
			continue;
		}
		/* "-key = value": errors for that key would be ignored by
		 * systemd-sysctl; procps 4.0.2 drops the '-' and reports them. */
		if (*s == '-')
			s++;
		char *eq = strchr(s, '=');
		if (!eq) {
			sb_printf(c->err, "sysctl: %s(%d): invalid syntax, continuing...\n", file, lineno);
			free(line);
			continue;
		}
		*eq = '\0';
		lines = wl_realloc(lines, (n + 1) * sizeof *lines);
		lines[n].key = strdup(s);
		lines[n].value = strdup(eq + 1);
		n++;
		free(line);
	}
	for (size_t i = 0; i < n; i++) {
		apply_setting(r, lines[i].key, lines[i].value);
		free(lines[i].key);
		free(lines[i].value);
	}
	free(lines);
	sb_free(&text);
}

struct conf_list {
	char *paths[64];
	int n;
};

static void collect_conf(void *ctx, const struct node_file *f)
{
	struct conf_list *l = ctx;
	static const char dir[] = "/etc/sysctl.d/";
	size_t len = strlen(f->path);
	if (l->n < 64 && strncmp(f->path, dir, sizeof dir - 1) == 0 && len > sizeof dir + 4 &&
	    strcmp(f->path + len - 5, ".conf") == 0 && !strchr(f->path + sizeof dir - 1, '/'))
		l->paths[l->n++] = f->path;
}

static void system_load(struct run *r)
{
	/* The node's files come sorted by path: /etc/sysctl.d/ *.conf in
	 * name order, then /etc/sysctl.conf, as systemd-sysctl orders them. */
	struct conf_list l = { .n = 0 };
	node_files_foreach(r->c->node, collect_conf, &l);
	char *copies[65];
	int n = 0;
	for (int i = 0; i < l.n; i++)
		copies[n++] = strdup(l.paths[i]);
	size_t len;
	if (node_file_read(r->c->node, "/etc/sysctl.conf", &len))
		copies[n++] = strdup("/etc/sysctl.conf");
	for (int i = 0; i < n; i++) {
		if (!r->quiet)
			sb_printf(r->c->out, "* Applying %s ...\n", copies[i]);
		preload(r, copies[i]);
		free(copies[i]);
	}
}

/* ---- -a ----------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void display_all(struct run *r, const char *pattern)
{
	size_t count;
	const struct sysctl_key *keys = sysctl_keys(&count);
	const char **names = wl_calloc(count + 2, sizeof *names);
	size_t n = 0;
	for (size_t i = 0; i < count; i++)
		names[n++] = keys[i].name;
	names[n++] = "kernel.hostname";
	names[n++] = "net.ipv4.conf.all.forwarding";
	qsort(names, n, sizeof *names, cmp_str);
	regex_t re;
	bool use_re = pattern && regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) == 0;
	for (size_t i = 0; i < n; i++) {
		if (use_re && regexec(&re, names[i], 0, NULL, 0) != 0)
			continue;
		read_setting(r, names[i]);
	}
	if (use_re)
		regfree(&re);
	free(names);
}

/* ---- the command ---------------------------------------------------------- */

int cmd_sysctl(struct cmd_ctx *c)
{
	struct run r = { .c = c };
	bool write_mode = false, all = false, load = false, sys = false;
	const char *load_file = NULL, *pattern = NULL;
	const char *operands[128];
	int n_ops = 0;
	bool only_operands = false;
	if (c->argc == 1) {
		sb_puts(c->err, usage_text);
		return 1;
	}
	for (int i = 1; i < c->argc; i++) {
		const char *a = c->argv[i];
		if (only_operands || a[0] != '-' || !a[1]) {
			if (n_ops < 128)
				operands[n_ops++] = a;
			continue;
		}
		if (a[1] == '-') {
			if (!a[2]) {
				only_operands = true;
				continue;
			}
			const char *eq = strchr(a, '=');
			size_t l = eq ? (size_t)(eq - a) : strlen(a);
#define LONG_IS(s) (l == strlen(s) && strncmp(a, s, l) == 0)
			if (LONG_IS("--all"))
				all = true;
			else if (LONG_IS("--binary"))
				r.binary = true;
			else if (LONG_IS("--ignore"))
				r.ignore = true;
			else if (LONG_IS("--names"))
				r.names = true;
			else if (LONG_IS("--values"))
				r.values = true;
			else if (LONG_IS("--quiet"))
				r.quiet = true;
			else if (LONG_IS("--write"))
				write_mode = true;
			else if (LONG_IS("--dry-run"))
				r.dry_run = true;
			else if (LONG_IS("--deprecated"))
				;
			else if (LONG_IS("--system"))
				sys = true;
			else if (LONG_IS("--load")) {
				load = true;
				if (eq)
					load_file = eq + 1;
			} else if (LONG_IS("--pattern")) {
				if (eq) {
					pattern = eq + 1;
				} else if (i + 1 < c->argc) {
					pattern = c->argv[++i];
				} else {
					sb_printf(c->err, "sysctl: option '--pattern' requires an argument\n");
					sb_puts(c->out, usage_text);
					return 0;
				}
			} else if (LONG_IS("--help")) {
				sb_puts(c->out, usage_text);
				return 0;
			} else if (LONG_IS("--version")) {
				sb_puts(c->out, "sysctl from procps-ng 4.0.2\n");
				return 0;
			} else {
				sb_printf(c->err, "sysctl: unrecognized option '%s'\n", a);
				sb_puts(c->out, usage_text);
				return 0;
			}
#undef LONG_IS
			continue;
		}
		for (int k = 1; a[k]; k++) {
			switch (a[k]) {
			case 'a': case 'A': case 'X': all = true; break;
			case 'b': r.binary = true; break;
			case 'e': r.ignore = true; break;
			case 'N': r.names = true; break;
			case 'n': r.values = true; break;
			case 'q': r.quiet = true; break;
			case 'w': write_mode = true; break;
			case 'o': case 'x': break;
			case 'p': case 'f':
				load = true;
				if (a[k + 1])
					load_file = a + k + 1;
				k = (int)strlen(a) - 1;
				break;
			case 'r':
				if (a[k + 1]) {
					pattern = a + k + 1;
				} else if (i + 1 < c->argc) {
					pattern = c->argv[++i];
				} else {
					sb_puts(c->err, "sysctl: option requires an argument -- 'r'\n");
					sb_puts(c->out, usage_text);
					return 0;
				}
				k = (int)strlen(a) - 1;
				break;
			case 'h': case 'd':
				sb_puts(c->out, usage_text);
				return 0;
			case 'V':
				sb_puts(c->out, "sysctl from procps-ng 4.0.2\n");
				return 0;
			default:
				sb_printf(c->err, "sysctl: invalid option -- '%c'\n", a[k]);
				sb_puts(c->out, usage_text);
				return 0;
			}
		}
	}
	if (sys) {
		system_load(&r);
		return r.status;
	}
	if (load) {
		if (n_ops == 0)
			preload(&r, load_file ? load_file : "/etc/sysctl.conf");
		for (int i = 0; i < n_ops; i++)
			preload(&r, operands[i]);
		return r.status;
	}
	if (all) {
		display_all(&r, pattern);
		return r.status;
	}
	if (n_ops == 0) {
		sb_puts(c->err, "sysctl: no variables specified\n"
				"Try `sysctl --help' for more information.\n");
		return 1;
	}
	for (int i = 0; i < n_ops; i++) {
		if (write_mode || strchr(operands[i], '='))
			write_setting(&r, operands[i]);
		else
			read_setting(&r, operands[i]);
	}
	return r.status;
}
