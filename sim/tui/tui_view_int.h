/* tui_view_int.h — what tui_view.c (drawing) and tui_keys.c (keys) share. */
#ifndef WL_TUI_VIEW_INT_H
#define WL_TUI_VIEW_INT_H

#include "tui/tui_session.h"
#include "tui/tui_view.h"

/* Does e pass the filter (v->filter: words that must all match: a node
 * name, a protocol arp/ip/icmp/udp/tcp, an address or any text of the
 * line, "drops" for drops only)? */
bool tui_view_shown(const struct tui_view *v, const struct tui_entry *e);
/* The protocol word of e's packet ("arp", "icmp", ...), or NULL. */
const char *tui_entry_proto(const struct tui_entry *e);
/* Rows of the event list on screen (inside its box). */
int tui_view_list_rows(const struct tui_view *v);
/* Select the current step's first shown packet, else its first shown
 * entry, else the last shown. */
void tui_view_select_step(struct tui_view *v);
/* The world's first node, when the pane has none yet. */
void tui_view_default_node(struct tui_view *v);

#endif
