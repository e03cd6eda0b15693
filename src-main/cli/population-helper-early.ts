/**
 * The CLI's population helper (services/population/population-helper.ts), started by the first
 * module the executable evaluates: its worker then boots while the rest of the bundle initialises
 * (~0.1 s), so it is ready when the population is drawn. Only `replay` and `compare` use it;
 * CASCADE_LAB_POPULATION_HELPER=0 turns it off (same output, one thread; the bench compares both).
 */
import type { PopulationHelper } from '../services/population/population-helper.ts';
import { createPopulationHelper } from '../services/population/population-helper.ts';

const command = process.argv[2];
export const populationHelper: PopulationHelper | null =
  process.env.CASCADE_LAB_POPULATION_HELPER !== '0' && (command === 'replay' || command === 'compare')
    ? createPopulationHelper()
    : null;
