/* cmd_files.c — files as commands see them: /proc/sys is the sysctls. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd_int.h"
#include "dev/node.h"
#include "dev/node_files.h"
#include "net/sysctl.h"

/* "/proc/sys/net/ipv4/ip_forward" -> "net.ipv4.ip_forward"; false if not under /proc/sys. */
static bool proc_sys_key(const char *path, char *key, size_t len)
{
	static const char prefix[] = "/proc/sys/";
	if (strncmp(path, prefix, sizeof prefix - 1) != 0)
		return false;
	const char *rest = path + sizeof prefix - 1;
	size_t k = strlen(rest);
	if (k >= len)
		k = len - 1;
	for (size_t i = 0; i < k; i++)
		key[i] = rest[i] == '/' ? '.' : rest[i];
	key[k] = '\0';
	return true;
}

int cmd_file_read(struct node *n, const char *path, struct strbuf *to)
{
	char key[256];
	if (proc_sys_key(path, key, sizeof key)) {
		int v;
		if (sysctl_get(n, key, &v) != 0)
			return -ENOENT;
		sb_printf(to, "%d\n", v);
		return 0;
	}
	size_t len;
	const char *data = node_file_read(n, path, &len);
	if (!data)
		return -ENOENT;
	sb_append(to, data, len);
	return 0;
}

int cmd_file_write(struct node *n, const char *path, const char *data, bool append)
{
	char key[256];
	if (proc_sys_key(path, key, sizeof key)) {
		if (!sysctl_find(key))
			return -ENOENT;
		/* The kernel parses the text as an integer (proc_dointvec). */
		char *end;
		long v = strtol(data, &end, 10);
		while (*end == ' ' || *end == '\n' || *end == '\t')
			end++;
		if (end == data || *end)
			return -EINVAL;
		return sysctl_set(n, key, (int)v) == 0 ? 0 : -EINVAL;
	}
	return node_file_write(n, path, data, strlen(data), append);
}
