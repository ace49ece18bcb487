import type { Snapshot } from '../questionnaires/questionnaire-structure';
import { snapshotQuestion } from '../questionnaires/snapshot-question';
import { modelInputsFrom, scoringInputsFrom, type SubmittedAnswer } from './scoring-inputs';

const option = (value: string, label: string) => ({ value, label, points: 0 });

const snapshot: Snapshot = {
  sections: [
    {
      id: 'section',
      title: 'Each service area',
      description: '',
      questions: [
        snapshotQuestion('models', 'multiple_choice', 'Which delivery models would you consider?', {
          perArea: true,
          options: [
            option('outsourcing', 'Outsourcing'),
            option('partnership', 'Partnership'),
            option('mutual', 'Mutual'),
          ],
        }),
        snapshotQuestion('start', 'single_choice', 'How soon could you start?', {
          perArea: true,
          options: [option('soon', 'Within 3 months'), option('later', 'Over 12 months')],
        }),
      ],
    },
  ],
};

const answer = (questionId: string, areaId: string, value: string | string[]): SubmittedAnswer => ({
  questionId,
  areaId,
  value,
});

describe('per-area choices in the scoring inputs', () => {
  const answers = [
    answer('models', 'payroll', ['mutual', 'outsourcing']),
    answer('start', 'payroll', 'later'),
    answer('models', 'finance', ['partnership']),
  ];

  it('are stored as positions in the snapshot, not as its wording', () => {
    const stored = JSON.stringify(scoringInputsFrom(answers, snapshot).choices);
    expect(stored).toBe('{"payroll":[[0,0,2],[1,1]],"finance":[[0,1]]}');
  });

  it('are read back in words, in the options order, from the snapshot answered', () => {
    const { choices } = modelInputsFrom(scoringInputsFrom(answers, snapshot), snapshot);
    expect(Object.fromEntries(choices)).toEqual({
      payroll: [
        { question: 'Which delivery models would you consider?', labels: ['Outsourcing', 'Mutual'] },
        { question: 'How soon could you start?', labels: ['Over 12 months'] },
      ],
      finance: [{ question: 'Which delivery models would you consider?', labels: ['Partnership'] }],
    });
  });

  it('are one frozen list shared by providers who answered alike', () => {
    const first = modelInputsFrom(scoringInputsFrom(answers, snapshot), snapshot).choices.get('payroll');
    const second = modelInputsFrom(scoringInputsFrom(answers, snapshot), snapshot).choices.get('payroll');
    expect(second).toBe(first);
    expect(Object.isFrozen(first?.[0].labels)).toBe(true);
  });

  it('are left out when the snapshot answered is not known', () => {
    expect(modelInputsFrom(scoringInputsFrom(answers, snapshot), undefined).choices.size).toBe(0);
  });
});
