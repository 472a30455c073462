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
//!
//! On a large programme every apprentice may take hundreds of mentors, and
//! the searches would wade through them all. So the method first runs on a
//! few promising pairs only (each apprentice's best mentors and each
//! mentor's best apprentices), then proves the result optimal on every
//! pair: the potentials of the last search, repaired by Bellman–Ford on the
//! whole residual graph, must leave no negative cycle. When the proof fails
//! — rarely, and never silently — it runs again on every pair. Written here
//! because no maintained crate solves capacitated, lexicographic
//! assignment on sparse graphs (`pathfinding`'s Kuhn–Munkres wants a square
//! dense matrix: 20 million cells for 10,000 × 2,000).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// The weight of a perfect pair: scores are rounded to a millionth.
pub const SCALE: u32 = 1_000_000;

/// How many of its best mentors each apprentice keeps in the first pass.
const ROW_BEST: usize = 12;
/// How many of its best apprentices each mentor keeps, per free seat, in
/// the first pass (plus [`ROW_BEST`]).
const SEAT_BEST: usize = 3;
/// Pairs left out whose reduced cost is under this (a score of 0.02) are
/// added with those that break a proof.
const NEAR: i64 = SCALE as i64 / 50;
/// Passes on a subset of the pairs before solving on all of them.
const PASSES: usize = 4;

/// `rows[i]`: the columns row `i` may take, with their weight in
/// `0..=SCALE`, by increasing column. `free[j]`: the seats of column `j`.
/// Returns each row's column: the most rows placed, then the highest total
/// weight.
pub fn assign(rows: &[&[(u32, u32)]], free: &[usize]) -> Vec<Option<usize>> {
    assign_pruned(rows, free, ROW_BEST, SEAT_BEST)
}

/// [`assign`], with the first pass keeping each row's `row_best` heaviest
/// pairs and each column's `seat_best` per seat (plus `row_best`); each
/// further pass adds the pairs that broke the proof.
pub(super) fn assign_pruned(
    rows: &[&[(u32, u32)]],
    free: &[usize],
    row_best: usize,
    seat_best: usize,
) -> Vec<Option<usize>> {
    let mut keep = first_pairs(rows, free, row_best, seat_best);
    for _ in 0..PASSES {
        if keep.iter().all(|row| row.iter().all(|&k| k)) {
            break;
        }
        let short: Vec<Vec<(u32, u32)>> = rows
            .iter()
            .zip(&keep)
            .map(|(row, keep)| {
                row.iter()
                    .zip(keep)
                    .filter(|(_, k)| **k)
                    .map(|(pair, _)| *pair)
                    .collect()
            })
            .collect();
        let short: Vec<&[(u32, u32)]> = short.iter().map(Vec::as_slice).collect();
        match assign_on(&short, Some(rows), free) {
            Ok(placed) => return placed,
            Err(missing) if missing.is_empty() => break,
            Err(missing) => {
                for (i, j) in missing {
                    if let Ok(k) = rows[i].binary_search_by_key(&(j as u32), |&(c, _)| c) {
                        keep[i][k] = true;
                    }
                }
            }
        }
    }
    match assign_on(rows, None, free) {
        Ok(placed) => placed,
        Err(_) => unreachable!("solving on every pair needs no proof"),
    }
}

/// Marks the pairs among each row's `row_best` heaviest or each column's
/// `seat_best × seats + row_best` heaviest.
fn first_pairs(
    rows: &[&[(u32, u32)]],
    free: &[usize],
    row_best: usize,
    seat_best: usize,
) -> Vec<Vec<bool>> {
    let mut keep: Vec<Vec<bool>> = rows.iter().map(|r| vec![false; r.len()]).collect();
    let mut by_column: Vec<Vec<(u32, u32, u32)>> = vec![Vec::new(); free.len()];
    for (i, row) in rows.iter().enumerate() {
        let mut order: Vec<usize> = (0..row.len()).collect();
        order.sort_by_key(|&k| (Reverse(row[k].1), row[k].0));
        for &k in order.iter().take(row_best) {
            keep[i][k] = true;
        }
        for (k, &(j, w)) in row.iter().enumerate() {
            by_column[j as usize].push((w, i as u32, k as u32));
        }
    }
    for (j, list) in by_column.iter_mut().enumerate() {
        let best = seat_best.saturating_mul(free[j]).saturating_add(row_best);
        if list.len() > best {
            list.select_nth_unstable_by_key(best, |&(w, i, _)| (Reverse(w), i));
            list.truncate(best);
        }
        for &(_, i, k) in list.iter() {
            keep[i as usize][k as usize] = true;
        }
    }
    keep
}

/// Solves on `rows`; with `all` (the same rows with every pair), also
/// proves the result optimal on them, or returns the pairs (row, column)
/// that break the proof (none when it failed for another reason).
fn assign_on(
    rows: &[&[(u32, u32)]],
    all: Option<&[&[(u32, u32)]]>,
    free: &[usize],
) -> Result<Vec<Option<usize>>, Vec<(usize, usize)>> {
    let (n, m) = (rows.len(), free.len());
    let demand = rows.iter().filter(|r| !r.is_empty()).count();
    if free.iter().sum::<usize>() >= demand {
        let need = vec![1; n];
        let solved = solve(rows, &need, free, demand);
        if let Some(all) = all {
            solved.prove(all, &need, free)?;
        }
        return Ok(solved
            .columns()
            .into_iter()
            .map(|held| held.first().copied())
            .collect());
    }
    // Fewer seats than rows: searching from the seats is much shorter, as
    // an unplaced row is almost always near (the same problem, transposed).
    let transpose = |rows: &[&[(u32, u32)]]| {
        let mut columns: Vec<Vec<(u32, u32)>> = vec![Vec::new(); m];
        for (i, row) in rows.iter().enumerate() {
            for &(j, w) in *row {
                columns[j as usize].push((i as u32, w));
            }
        }
        columns
    };
    let columns = transpose(rows);
    let columns: Vec<&[(u32, u32)]> = columns.iter().map(Vec::as_slice).collect();
    let seats = vec![1; n];
    let units = (0..m)
        .filter(|&j| !columns[j].is_empty())
        .map(|j| free[j])
        .sum();
    let solved = solve(&columns, free, &seats, units);
    if let Some(all) = all {
        let every = transpose(all);
        let every: Vec<&[(u32, u32)]> = every.iter().map(Vec::as_slice).collect();
        solved
            .prove(&every, free, &seats)
            .map_err(|missing| missing.into_iter().map(|(j, i)| (i, j)).collect::<Vec<_>>())?;
    }
    let mut placed = vec![None; n];
    for (j, held) in solved.columns().into_iter().enumerate() {
        for i in held {
            placed[i] = Some(j);
        }
    }
    Ok(placed)
}

/// A solved assignment: what each row and column holds, with the pair's
/// cost, and the potentials that prove it optimal on the pairs searched.
struct Solved {
    held: Vec<Vec<(usize, i64)>>,
    members: Vec<Vec<(usize, i64)>>,
    potential: Vec<i64>,
    unplaced_cost: i64,
}

/// The general case: row `i` places `need[i]` units, column `j` takes
/// `capacity[j]`, a pair at most once. `units`: how many units the rows of
/// the whole problem (every pair) place, which sets the cost of leaving one
/// unplaced.
fn solve(rows: &[&[(u32, u32)]], need: &[usize], capacity: &[usize], units: usize) -> Solved {
    let (n, m) = (rows.len(), capacity.len());
    let unplaced = n + m;
    let sink = n + m + 1;
    let scale = i64::from(SCALE);
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
                // The sink is final once nothing closer is left: stopping
                // here spares a plateau of equal distances (scores tie often).
                if search.dist[sink] <= d {
                    break;
                }
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
    Solved {
        held,
        members,
        potential,
        unplaced_cost,
    }
}

impl Solved {
    /// The real columns each row holds, in order.
    fn columns(&self) -> Vec<Vec<usize>> {
        let n = self.held.len();
        self.held
            .iter()
            .map(|list| {
                let mut columns: Vec<usize> = list.iter().map(|&(c, _)| c - n).collect();
                columns.sort_unstable();
                columns
            })
            .collect()
    }

    /// Proves that no cheaper assignment of as many units exists on `all`
    /// (every pair): potentials under which no residual edge has a negative
    /// reduced cost. The search's potentials are checked on every edge;
    /// pairs left out that are cheaper than they allow are returned, to be
    /// searched too. When only the edges the search never needs (into the
    /// sink, out of "unplaced") disagree, Bellman–Ford (queue-based, from
    /// those potentials) repairs them; a negative cycle or too much repair
    /// work fails the proof with no pair to add.
    fn prove(
        &self,
        all: &[&[(u32, u32)]],
        need: &[usize],
        capacity: &[usize],
    ) -> Result<(), Vec<(usize, usize)>> {
        let (n, m) = (all.len(), capacity.len());
        let (unplaced, sink) = (n + m, n + m + 1);
        let nodes = n + m + 2;
        let scale = i64::from(SCALE);
        let left_out: Vec<usize> = (0..n)
            .map(|i| {
                if all[i].is_empty() {
                    0
                } else {
                    need[i] - self.held[i].len()
                }
            })
            .collect();
        let any_left_out = left_out.iter().any(|&k| k > 0);
        let mut held: Vec<Vec<usize>> = self
            .held
            .iter()
            .map(|list| list.iter().map(|&(c, _)| c - n).collect())
            .collect();
        for list in &mut held {
            list.sort_unstable();
        }
        // The residual edges leaving `v`, as (to, cost).
        let edges = |v: usize, out: &mut Vec<(usize, i64)>| {
            out.clear();
            if v < n {
                if all[v].is_empty() {
                    return;
                }
                for &(j, w) in all[v] {
                    if held[v].binary_search(&(j as usize)).is_err() {
                        out.push((n + j as usize, scale - i64::from(w)));
                    }
                }
                out.push((unplaced, self.unplaced_cost));
            } else if v < n + m {
                let j = v - n;
                for &(i, cost) in &self.members[j] {
                    out.push((i, -cost));
                }
                if self.members[j].len() < capacity[j] {
                    out.push((sink, 0));
                }
            } else if v == unplaced {
                for (i, &k) in left_out.iter().enumerate() {
                    if k > 0 {
                        out.push((i, -self.unplaced_cost));
                    }
                }
                out.push((sink, 0));
            } else {
                for (j, members) in self.members.iter().enumerate() {
                    if !members.is_empty() {
                        out.push((n + j, 0));
                    }
                }
                if any_left_out {
                    out.push((unplaced, 0));
                }
            }
        };
        let mut potential = self.potential.clone();
        let mut out = Vec::new();
        let mut missing = Vec::new();
        let mut near = Vec::new();
        let mut broken = false;
        for v in 0..nodes {
            edges(v, &mut out);
            for &(to, cost) in &out {
                let pair = v < n && n <= to && to < n + m;
                if potential[v] + cost < potential[to] {
                    if pair {
                        missing.push((v, to - n));
                    } else {
                        broken = true;
                    }
                } else if pair && potential[v] + cost < potential[to] + NEAR {
                    near.push((v, to - n));
                }
            }
        }
        if !missing.is_empty() {
            // The pairs just short of breaking the proof would break the
            // next one: searching them too saves a pass.
            missing.extend(near);
            return Err(missing);
        }
        if !broken {
            return Ok(());
        }
        let mut queued = vec![true; nodes];
        let mut queue: VecDeque<usize> = (0..nodes).collect();
        let mut updates = vec![0usize; nodes];
        // Repairs beyond a few sweeps cost more than solving again.
        let mut budget = 8 * nodes + 8 * all.iter().map(|r| r.len()).sum::<usize>();
        while let Some(v) = queue.pop_front() {
            queued[v] = false;
            edges(v, &mut out);
            for &(to, cost) in &out {
                if budget == 0 {
                    return Err(Vec::new());
                }
                budget -= 1;
                if potential[v] + cost < potential[to] {
                    potential[to] = potential[v] + cost;
                    updates[to] += 1;
                    if updates[to] >= nodes {
                        return Err(Vec::new());
                    }
                    if !queued[to] {
                        queued[to] = true;
                        queue.push_back(to);
                    }
                }
            }
        }
        Ok(())
    }
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
