// Maximum flow (Dinic's algorithm) with integer capacities: what balanced
// judge assignment is solved with. The search for an augmenting path is
// iterative, not recursive, so that long paths through the residual graph
// (thousands of entries) cannot overflow the stack.

export class FlowEdge {
  readonly to: number;
  /** The residual edge in the other direction. */
  readonly twin: FlowEdge;
  private initial: number;
  /** Room left: the initial capacity minus the flow pushed through (plus any pushed back). */
  capacity: number;

  constructor(from: number, to: number, capacity: number, twin?: FlowEdge) {
    this.to = to;
    this.initial = capacity;
    this.capacity = capacity;
    this.twin = twin ?? new FlowEdge(to, from, 0, this);
  }

  get flow(): number {
    return this.initial - this.capacity;
  }

  /** A new capacity for the next `maxFlow` (call on a forward edge, after `FlowNetwork.reset`). */
  setCapacity(capacity: number): void {
    this.initial = capacity;
    this.capacity = capacity;
  }

  reset(): void {
    this.capacity = this.initial;
  }
}

export class FlowNetwork {
  private readonly adjacency: FlowEdge[][];
  private readonly level: Int32Array;
  /** Per node, the position in its adjacency list from which admissible edges are still searched this phase. */
  private readonly cursor: Int32Array;

  constructor(nodeCount: number) {
    this.adjacency = Array.from({ length: nodeCount }, (): FlowEdge[] => []);
    this.level = new Int32Array(nodeCount);
    this.cursor = new Int32Array(nodeCount);
  }

  addEdge(from: number, to: number, capacity: number): FlowEdge {
    const edge = new FlowEdge(from, to, capacity);
    this.edgesOf(from).push(edge);
    this.edgesOf(to).push(edge.twin);
    return edge;
  }

  /** Removes all flow, so that the same graph can be solved again with other capacities. */
  reset(): void {
    for (const edges of this.adjacency) for (const edge of edges) edge.reset();
  }

  maxFlow(source: number, sink: number): number {
    let flow = 0;
    while (this.buildLevels(source, sink)) {
      this.cursor.fill(0);
      for (let pushed = this.augment(source, sink); pushed > 0; pushed = this.augment(source, sink)) flow += pushed;
    }
    return flow;
  }

  private edgesOf(node: number): FlowEdge[] {
    const edges = this.adjacency[node];
    if (!edges) throw new RangeError(`node ${node} is outside the network`);
    return edges;
  }

  /** Breadth-first distances from the source over edges with room left; false when the sink is out of reach. */
  private buildLevels(source: number, sink: number): boolean {
    this.level.fill(-1);
    this.level[source] = 0;
    const queue = [source];
    for (let i = 0; i < queue.length; i++) {
      const v = queue[i] ?? source;
      for (const edge of this.edgesOf(v)) {
        if (edge.capacity > 0 && this.level[edge.to] === -1) {
          this.level[edge.to] = (this.level[v] ?? 0) + 1;
          queue.push(edge.to);
        }
      }
    }
    return this.level[sink] !== -1;
  }

  /** One shortest augmenting path, pushed to its bottleneck; 0 when this phase's level graph is exhausted. */
  private augment(source: number, sink: number): number {
    const path: FlowEdge[] = [];
    let v = source;
    while (v !== sink) {
      const edge = this.nextAdmissible(v);
      if (edge) {
        path.push(edge);
        v = edge.to;
        continue;
      }
      const back = path.pop();
      if (!back) return 0;
      // Dead end: nothing reaches the sink through v in this phase; step back and skip the edge that led here.
      this.level[v] = -1;
      v = back.twin.to;
      this.cursor[v] = (this.cursor[v] ?? 0) + 1;
    }
    let bottleneck = Number.POSITIVE_INFINITY;
    for (const edge of path) bottleneck = Math.min(bottleneck, edge.capacity);
    for (const edge of path) {
      edge.capacity -= bottleneck;
      edge.twin.capacity += bottleneck;
    }
    return bottleneck;
  }

  /** The first edge out of v, from its cursor on, that has room and goes one level deeper. */
  private nextAdmissible(v: number): FlowEdge | null {
    const edges = this.edgesOf(v);
    const next = (this.level[v] ?? 0) + 1;
    for (let i = this.cursor[v] ?? 0; i < edges.length; i++) {
      const edge = edges[i];
      if (edge && edge.capacity > 0 && this.level[edge.to] === next) {
        this.cursor[v] = i;
        return edge;
      }
    }
    this.cursor[v] = edges.length;
    return null;
  }
}
