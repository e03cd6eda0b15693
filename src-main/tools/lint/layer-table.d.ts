export interface Layer {
  /** A folder, relative to the repository root, e.g. `src-main/engine`. */
  layer: string;
  /** The other folders it may import. */
  may: string[];
  /** Why, in the words of the error message. */
  why: string;
}
export declare const LAYERS: Layer[];
