//! Who goes with whom: an optimal assignment of apprentices (rows) to
//! mentors' free seats (columns with a capacity) — as many apprentices
//! placed as possible, then the highest total score.
//!
//! Successive shortest paths, one row at a time (the Hungarian method on a
//! sparse graph, with column capacities): each row is added along the
//! cheapest alternating path in reduced costs (Dijkstra with potentials),
//! which keeps the assignment optimal for the rows added so far. A column
//! "left unplaced" with unlimited seats and a cost above any real path makes
//! every row placeable, so "most rows placed" comes first in the same cost.
//! When seats are fewer than rows, the same method runs from the seats.
//! Integer weights keep it exact; rows in order and ties to the lowest
//! column keep it deterministic.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The weight of a perfect pair: scores are rounded to a millionth.
pub const SCALE: u32 = 1_000_000;

/// `rows[i]`: the columns row `i` may take, with their weight in
/// `0..=SCALE`, by increasing column. `free[j]`: the seats of column `j`.
/// Returns each row's column: the most rows placed, then the highest total
/// weight.
pub fn assign(rows: &[&[(u32, u32)]], free: &[usize]) -> Vec<Option<usize>> {
    let (n, m) = (rows.len(), free.len());
    let demand = rows.iter().filter(|r| !r.is_empty()).count();
    if free.iter().sum::<usize>() >= demand {
        return solve(rows, &vec![1; n], free)
            .into_iter()
            .map(|held| held.first().copied())
            .collect();
    }
    // Fewer seats than rows: searching from the seats is much shorter, as
    // an unplaced row is almost always near (the same problem, transposed).
    let mut columns: Vec<Vec<(u32, u32)>> = vec![Vec::new(); m];
    for (i, row) in rows.iter().enumerate() {
        for &(j, w) in *row {
            columns[j as usize].push((i as u32, w));
        }
    }
    let columns: Vec<&[(u32, u32)]> = columns.iter().map(Vec::as_slice).collect();
    let mut placed = vec![None; n];
    for (j, held) in solve(&columns, free, &vec![1; n]).into_iter().enumerate() {
        for i in held {
            placed[i] = Some(j);
        }
    }
    placed
}

/// The general case: row `i` places `need[i]` units, column `j` takes
/// `capacity[j]`, a pair at most once. Returns the columns each row holds.
fn solve(rows: &[&[(u32, u32)]], need: &[usize], capacity: &[usize]) -> Vec<Vec<usize>> {
    let (n, m) = (rows.len(), capacity.len());
    let unplaced = n + m;
    let sink = n + m + 1;
    let scale = i64::from(SCALE);
    let units: usize = (0..n)
        .filter(|&i| !rows[i].is_empty())
        .map(|i| need[i])
        .sum();
    // Above twice any alternating path's cost, so that a path to a real seat
    // always wins and one more unit placed outweighs every score.
    let unplaced_cost = 2 * (units as i64 + 1) * scale + 1;

    let mut potential = vec![0i64; n + m + 2];
    let mut search = Search::new(n + m + 2);
    // The real columns each row holds, and the rows each column holds, with
    // the pair's cost.
    let mut held: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n];
    let mut members: Vec<Vec<(usize, i64)>> = vec![Vec::new(); m];

    for start in 0..n {
        if rows[start].is_empty() {
            continue;
        }
        for _ in 0..need[start] {
            search.reach(start, 0);
            while let Some(Reverse((d, v))) = search.heap.pop() {
                if search.done[v] || d > search.dist[v] {
                    continue;
                }
                search.done[v] = true;
                if v == sink {
                    break;
                }
                let p = |to: usize| potential[v] - potential[to];
                if v < n {
                    for &(j, w) in rows[v] {
                        let to = n + j as usize;
                        if !held[v].iter().any(|&(c, _)| c == to) {
                            let cost = scale - i64::from(w);
                            search.relax(v, to, cost, cost + p(to));
                        }
                    }
                    search.relax(v, unplaced, unplaced_cost, unplaced_cost + p(unplaced));
                } else if v == unplaced {
                    // Units left unplaced are not explored further: they found
                    // no path to a free seat when added, and none appears later
                    // (seats only fill up), so no path through them can end
                    // anywhere but here again.
                    search.relax(v, sink, 0, p(sink));
                } else {
                    let j = v - n;
                    for &(i, cost) in &members[j] {
                        search.relax(v, i, 0, p(i) - cost);
                    }
                    if members[j].len() < capacity[j] {
                        search.relax(v, sink, 0, p(sink));
                    }
                }
            }
            let reach = search.dist[sink];
            debug_assert!(reach < i64::MAX, "the unplaced column is always reachable");
            // Johnson's update with an early stop: every node moves by
            // min(dist, reach); the untouched majority by `reach`, which is
            // left implicit because a common shift changes no reduced cost.
            for &v in &search.touched {
                if search.dist[v] < reach {
                    potential[v] += search.dist[v] - reach;
                }
            }
            // Walk the path back: each row on it moves to the column after it.
            let mut column = search.prev[sink];
            loop {
                let row = search.prev[column];
                let left = (row != start).then(|| search.prev[row]);
                if let Some(left) = left {
                    held[row].retain(|&(c, _)| c != left);
                    members[left - n].retain(|&(r, _)| r != row);
                }
                if column != unplaced {
                    let cost = search.prev_cost[column];
                    held[row].push((column, cost));
                    members[column - n].push((row, cost));
                }
                match left {
                    Some(left) => column = left,
                    None => break,
                }
            }
            search.clear();
        }
    }
    held.into_iter()
        .map(|list| {
            let mut columns: Vec<usize> = list.into_iter().map(|(c, _)| c - n).collect();
            columns.sort_unstable();
            columns
        })
        .collect()
}

/// Dijkstra's state, reset after each row by undoing only what it touched.
struct Search {
    dist: Vec<i64>,
    prev: Vec<usize>,
    /// The original cost of the edge that reached each node.
    prev_cost: Vec<i64>,
    done: Vec<bool>,
    touched: Vec<usize>,
    heap: BinaryHeap<Reverse<(i64, usize)>>,
}

impl Search {
    fn new(nodes: usize) -> Search {
        Search {
            dist: vec![i64::MAX; nodes],
            prev: vec![usize::MAX; nodes],
            prev_cost: vec![0; nodes],
            done: vec![false; nodes],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    fn reach(&mut self, node: usize, d: i64) {
        if self.dist[node] == i64::MAX {
            self.touched.push(node);
        }
        self.dist[node] = d;
        self.heap.push(Reverse((d, node)));
    }

    fn relax(&mut self, from: usize, to: usize, cost: i64, reduced: i64) {
        debug_assert!(reduced >= 0, "potentials keep reduced costs non-negative");
        let d = self.dist[from] + reduced;
        if d < self.dist[to] {
            self.reach(to, d);
            self.prev[to] = from;
            self.prev_cost[to] = cost;
        }
    }

    fn clear(&mut self) {
        for v in self.touched.drain(..) {
            self.dist[v] = i64::MAX;
            self.prev[v] = usize::MAX;
            self.done[v] = false;
        }
        self.heap.clear();
    }
}
