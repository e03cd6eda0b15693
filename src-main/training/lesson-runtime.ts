/**
 * A lesson bound to a run: positions become steps, figures become values with their sources,
 * predictions are checked against what the engine measured, and try-it goals are judged on a run of
 * the changed design. Pure: the service supplies runs and designs.
 */
import type {
  FigureView,
  LessonCard,
  LessonStepView,
  PredictionResult,
  TryItResult,
} from '../contract/api.ts';
import { getField, withField } from './design-path.ts';
import type { Goal, Lesson, PredictStep, TryItStep } from './lesson.ts';
import { TrainingFileError, compare, numberGuessCounts, resolvePosition, rightOption } from './lesson.ts';
import type { Measure, MeasurableRun } from './measures.ts';
import { formatMeasured, measure, measureLabel, measureUnit, measuredWave } from './measures.ts';

export interface PublishedFigure {
  figure: string;
  value: string;
  source: string;
}

export function lessonCard(
  lesson: Lesson,
  origin: 'builtin' | 'imported',
  packTitle: string | null = null,
): LessonCard {
  return {
    id: lesson.id,
    version: lesson.version,
    title: lesson.title,
    summary: lesson.summary,
    theory: lesson.theory,
    status: lesson.status,
    needs: lesson.needs ?? null,
    scenarioId: lesson.scenarioId ?? null,
    designId: lesson.designId ?? null,
    seed: lesson.seed ?? null,
    accounts: lesson.accounts ?? null,
    steps: lesson.steps.length,
    origin,
    packTitle,
  };
}

function stepAt(
  lesson: Lesson,
  index: number,
  pos: Parameters<typeof resolvePosition>[0],
  run: MeasurableRun,
  field: string,
): number {
  const s = resolvePosition(pos, run);
  if (s === null) {
    throw new TrainingFileError(
      `lesson.steps.${index}.${field}: wave ${'wave' in pos ? pos.wave : '?'} does not exist in this run of ${lesson.scenarioId} (it has ${run.waves.length} waves); point the step at an existing wave`,
      `lesson.steps.${index}.${field}`,
    );
  }
  return s;
}

/** The measured value of `m` at `atStep`; a lesson error naming the field if the run has no such wave. */
export function measureOrFail(run: MeasurableRun, m: Measure, atStep: number, field: string): number {
  const v = measure(run, m, atStep);
  if (v === null) {
    throw new TrainingFileError(
      `${field}: this run has no ${m.of === 'next-wave' ? 'wave after the step’s position' : 'such wave'} to measure`,
      field,
    );
  }
  return v;
}

export function goalText(goal: Goal): string {
  return goal.label;
}

function toleranceText(a: Extract<PredictStep['answer'], { kind: 'number' }>): string {
  const rel = `within ${Math.round(a.relativeTolerance * 100)}% of what happens`;
  return a.absoluteTolerance ? `${rel} (or ±${a.absoluteTolerance})` : rel;
}

/**
 * The lesson's steps against its run: each position as a step number, each figure with its value and
 * source. Throws TrainingFileError (naming the field) when the lesson does not fit the run.
 */
export function bindSteps(
  lesson: Lesson,
  run: MeasurableRun,
  published: readonly PublishedFigure[],
  design: unknown,
  asset: string,
): LessonStepView[] {
  return lesson.steps.map((step, i): LessonStepView => {
    switch (step.kind) {
      case 'narration': {
        const atStep = stepAt(lesson, i, step.at, run, 'at');
        const figures = step.figures.map((f, k): FigureView => {
          if (f.kind === 'published') {
            const p = published.find((x) => x.figure === f.figure);
            if (!p) {
              throw new TrainingFileError(
                `lesson.steps.${i}.figures.${k}.figure: "${f.figure}" is not a published figure of ${lesson.scenarioId}`,
                `lesson.steps.${i}.figures.${k}.figure`,
              );
            }
            return { kind: 'published', label: p.figure, value: p.value, source: p.source };
          }
          const v = measureOrFail(run, f.measure, atStep, `lesson.steps.${i}.figures.${k}.measure`);
          return {
            kind: 'engine',
            label: f.label ?? measureLabel(f.measure),
            value: formatMeasured(v, measureUnit(f.measure), asset),
            source: `measured by the engine on this replay (seed ${lesson.seed ?? '?'})`,
          };
        });
        return {
          id: step.id,
          kind: 'narration',
          title: step.title,
          atStep,
          text: step.text,
          points: [...step.points],
          figures,
        };
      }
      case 'predict': {
        const atStep = stepAt(lesson, i, step.at, run, 'at');
        // The answer must exist in this run, or the question cannot be judged.
        measureOrFail(run, step.answer.measure, atStep, `lesson.steps.${i}.answer.measure`);
        let revealStep: number;
        if (step.reveal) revealStep = stepAt(lesson, i, step.reveal, run, 'reveal');
        else {
          const w = measuredWave(run, step.answer.measure, atStep);
          revealStep = w ? w.endStep : Math.max(0, run.steps - 1);
        }
        const a = step.answer;
        return {
          id: step.id,
          kind: 'predict',
          title: step.title,
          atStep,
          revealStep,
          question: step.question,
          input:
            a.kind === 'number'
              ? { kind: 'number', unitLabel: a.unitLabel ?? null, tolerance: toleranceText(a) }
              : { kind: 'choice', options: a.options.map((o) => ({ id: o.id, label: o.label })) },
          points: [...step.points],
        };
      }
      case 'try-it': {
        const atStep = stepAt(lesson, i, step.at, run, 'at');
        const input =
          step.input.kind === 'number'
            ? {
                kind: 'number' as const,
                min: step.input.min,
                max: step.input.max,
                step: step.input.step ?? null,
                unitLabel: step.input.unitLabel ?? null,
              }
            : {
                kind: 'choice' as const,
                options: step.input.options.map((o, index) => ({ index, label: o.label })),
              };
        return {
          id: step.id,
          kind: 'try-it',
          title: step.title,
          atStep,
          prompt: step.prompt,
          field: step.field,
          current: getField(design, step.field) ?? null,
          input,
          goal: goalText(step.goal),
          hint: step.hint ?? null,
        };
      }
      case 'debrief':
        return { id: step.id, kind: 'debrief', title: step.title, text: step.text };
    }
  });
}

export type PredictionAnswer = { value: number } | { choice: string };

/** Judges a prediction against the run. Throws TrainingFileError for an answer of the wrong kind. */
export function checkPrediction(
  lesson: Lesson,
  stepIndex: number,
  run: MeasurableRun,
  answer: PredictionAnswer,
  asset: string,
): PredictionResult {
  const step = lesson.steps[stepIndex] as PredictStep;
  const atStep = stepAt(lesson, stepIndex, step.at, run, 'at');
  const field = `lesson.steps.${stepIndex}.answer.measure`;
  const actual = measureOrFail(run, step.answer.measure, atStep, field);
  const unit = measureUnit(step.answer.measure);
  const actualText = formatMeasured(actual, unit, asset);
  if (step.answer.kind === 'number') {
    if (!('value' in answer)) throw new TrainingFileError('answer: this prediction takes a number', 'answer');
    return {
      stepId: step.id,
      correct: numberGuessCounts(answer.value, actual, step.answer),
      answerText: formatMeasured(answer.value, unit, asset),
      actualText,
      rightOptionId: null,
      explanation: step.explanation,
    };
  }
  if (!('choice' in answer))
    throw new TrainingFileError('answer: this prediction takes one of its options', 'answer');
  const chosen = step.answer.options.find((o) => o.id === answer.choice);
  if (!chosen) {
    throw new TrainingFileError(
      `answer.choice: "${answer.choice}" is not an option (options: ${step.answer.options.map((o) => o.id).join(', ')})`,
      'answer.choice',
    );
  }
  const right = rightOption(actual, step.answer);
  return {
    stepId: step.id,
    correct: right === chosen.id,
    answerText: chosen.label,
    actualText,
    rightOptionId: right,
    explanation: step.explanation,
  };
}

export type TryItAnswer = { value: number } | { option: number };

/** The value a try-it answer puts in the field (checked against the step's input). */
export function tryItValue(step: TryItStep, answer: TryItAnswer): unknown {
  if (step.input.kind === 'number') {
    if (!('value' in answer) || !Number.isFinite(answer.value)) {
      throw new TrainingFileError(`answer.value: ${step.field} takes a number`, 'answer.value');
    }
    if (answer.value < step.input.min || answer.value > step.input.max) {
      throw new TrainingFileError(
        `answer.value: ${step.field} must be from ${step.input.min} to ${step.input.max} in this step (got ${answer.value})`,
        'answer.value',
      );
    }
    return answer.value;
  }
  const option = 'option' in answer ? step.input.options[answer.option] : undefined;
  if (!option) {
    throw new TrainingFileError(
      `answer.option: choose one of the ${step.input.options.length} options (0 to ${step.input.options.length - 1})`,
      'answer.option',
    );
  }
  return structuredClone(option.value);
}

/** What the student chose, for people: "keepers.gasCapMedianGwei = 200 gwei", "liquidation: Dutch auction". */
export function tryItAnswerText(step: TryItStep, answer: TryItAnswer): string {
  if (step.input.kind === 'number' && 'value' in answer) {
    return `${step.field} = ${answer.value}${step.input.unitLabel ? ` ${step.input.unitLabel}` : ''}`;
  }
  const option =
    step.input.kind === 'choice' && 'option' in answer ? step.input.options[answer.option] : undefined;
  return `${step.field}: ${option?.label ?? '?'}`;
}

/** The try-it's design: the lesson's design with the one field changed. */
export function tryItDesign(step: TryItStep, design: unknown, answer: TryItAnswer): unknown {
  return withField(design, step.field, tryItValue(step, answer));
}

/** Judges a try-it goal on the changed design's run (and the lesson design's run, for baseline goals). */
export function judgeTryIt(
  step: TryItStep,
  answer: TryItAnswer,
  tried: MeasurableRun,
  baseline: MeasurableRun | null,
  asset: string,
): TryItResult {
  const g = step.goal;
  const unit = measureUnit(g.measure);
  const measured = measure(tried, g.measure, 0);
  let target: number;
  if (g.value !== undefined) target = g.value;
  else {
    const b = baseline ? measure(baseline, g.measure, 0) : null;
    if (b === null) throw new Error('a baseline goal needs the lesson design’s run');
    target = (g.baselineFactor ?? 1) * b;
  }
  const met = measured !== null && compare(measured, g.op, target);
  return {
    stepId: step.id,
    met,
    valueText: tryItAnswerText(step, answer),
    measuredText: measured === null ? 'nothing to measure' : formatMeasured(measured, unit, asset),
    targetText: `${g.op} ${formatMeasured(target, unit, asset)}`,
    explanation: step.explanation,
  };
}
