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
package org.agora.allocator.drf.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The hierarchical DRF sorter: roles as a tree, each node keeping its sub-roles and own-frameworks leaf sorted by
 * weighted dominant share, each leaf its frameworks. Only entries with a framework to offer to below them are sorted,
 * so a walk never visits suppressed or inactive frameworks.
 *
 * <p>Sorting is kept up to date incrementally: when what an entry holds changes, the entry and its ancestors are
 * taken out of their sets, get their new share and go back in (O(depth &middot; log n)). Only a change of the cluster
 * totals, which changes every share, rebuilds all sets ({@link #rebuild()}).
 */
final class RoleTree {
    final RoleNode root = new RoleNode("", null);
    private final Map<String, RoleNode> nodes = new HashMap<>();
    private final Map<String, Double> weights = new HashMap<>();
    private final Ledger ledger;

    RoleTree(Ledger ledger) {
        this.ledger = ledger;
    }

    RoleNode find(String role) {
        return nodes.get(role);
    }

    Collection<RoleNode> nodes() {
        return nodes.values();
    }

    Map<String, Double> weights() {
        return weights;
    }

    /** The node of {@code role}, created with its ancestors when missing, with one more reference. */
    RoleNode retain(String role) {
        RoleNode n = node(role);
        n.refs++;
        return n;
    }

    private RoleNode node(String role) {
        RoleNode n = nodes.get(role);
        if (n != null) {
            return n;
        }
        int slash = role.lastIndexOf('/');
        RoleNode parent = slash < 0 || role.equals("*") ? root : node(role.substring(0, slash));
        n = new RoleNode(role, parent);
        n.weight = weights.getOrDefault(role, 1.0);
        parent.children.put(role, n);
        nodes.put(role, n);
        return n;
    }

    /** One reference less; a node nothing refers to and without children goes, and so may its parent. */
    void release(RoleNode n) {
        n.refs--;
        prune(n);
    }

    private void prune(RoleNode n) {
        while (n != root && n.refs <= 0 && n.children.isEmpty()) {
            if (n.sorted) {
                leave(n, n.parent.active);
            }
            n.parent.children.remove(n.role);
            nodes.remove(n.role);
            n = n.parent;
        }
    }

    void setWeight(String role, double weight) {
        weights.put(role, weight);
        RoleNode n = nodes.get(role);
        if (n != null) {
            if (n.sorted) {
                n.parent.active.remove(n);
            }
            if (n.leaf.sorted) {
                n.active.remove(n.leaf);
            }
            n.weight = weight;
            n.leaf.share = ledger.share(n.leaf);
            n.share = ledger.share(n);
            if (n.leaf.sorted) {
                n.active.add(n.leaf);
            }
            if (n.sorted) {
                n.parent.active.add(n);
            }
        }
    }

    /** The client has something to be offered from now on. */
    void activate(Client c) {
        if (c.sorted) {
            return;
        }
        enter(c, c.role.leaf.clients);
        if (!c.role.leaf.sorted) {
            enter(c.role.leaf, c.role.active);
            for (RoleNode n = c.role; n != root && !n.sorted; n = n.parent) {
                enter(n, n.parent.active);
            }
        }
    }

    void deactivate(Client c) {
        if (!c.sorted) {
            return;
        }
        leave(c, c.role.leaf.clients);
        if (c.role.leaf.clients.isEmpty()) {
            leave(c.role.leaf, c.role.active);
            for (RoleNode n = c.role; n != root && n.active.isEmpty() && n.sorted; n = n.parent) {
                leave(n, n.parent.active);
            }
        }
    }

    private void enter(SortEntry e, TreeSet<SortEntry> set) {
        e.share = ledger.share(e);
        set.add(e);
        e.sorted = true;
    }

    private void leave(SortEntry e, TreeSet<SortEntry> set) {
        set.remove(e);
        e.sorted = false;
    }

    /** What {@code c} (may be null) and its role hold changed: re-sort them and the role's ancestors. */
    void resorted(Client c, RoleNode role) {
        if (c != null) {
            resort(c, role.leaf.clients);
        }
        resort(role.leaf, role.active);
        for (RoleNode n = role; n != root; n = n.parent) {
            resort(n, n.parent.active);
        }
    }

    private void resort(SortEntry e, TreeSet<SortEntry> set) {
        if (e.sorted && set.size() > 1) {
            set.remove(e);
            e.share = ledger.share(e);
            set.add(e);
        } else {
            e.share = ledger.share(e);
        }
    }

    /** Recomputes every share and re-sorts every set: after the cluster totals or the fairness settings changed. */
    void rebuild() {
        rebuild(root);
        ledger.sharesStale = false;
    }

    private void rebuild(RoleNode n) {
        for (RoleNode child : n.children.values()) {
            rebuild(child);
        }
        resortAll(n.leaf.clients);
        n.leaf.share = ledger.share(n.leaf);
        resortAll(n.active);
        n.share = ledger.share(n);
    }

    private void resortAll(TreeSet<SortEntry> set) {
        List<SortEntry> entries = new ArrayList<>(set);
        set.clear();
        for (SortEntry e : entries) {
            e.share = ledger.share(e);
        }
        set.addAll(entries);
    }
}
