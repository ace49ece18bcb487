import type { ChoiceOption } from './question-types';
import type { Snapshot } from './questionnaire-structure';
import { snapshotQuestion } from './snapshot-question';

/**
 * The standard soft market testing questionnaire that ships with the product, modelled on what
 * Oxfordshire (2013) and Bromley (2014) asked: interest per service area, delivery models,
 * capacity, TUPE and pensions, local presence, lotting, savings and risks. Written as a snapshot
 * whose ids are local keys; creating a questionnaire from it gives every question a fresh id.
 */

const q = snapshotQuestion;

const options = (...pairs: [string, string, number][]): ChoiceOption[] =>
  pairs.map(([value, label, points]) => ({ value, label, points }));

export const STANDARD_TEMPLATE: Snapshot = {
  sections: [
    {
      id: 'organisation',
      title: 'About your organisation',
      description: 'Tell us who you are. We use this to understand the range of organisations that respond.',
      questions: [
        q('org-name', 'short_text', 'Name of your organisation', { required: true }),
        q('org-type', 'single_choice', 'What type of organisation are you?', {
          required: true,
          options: options(
            ['private', 'Private company', 0],
            ['public', 'Public body or council trading company', 0],
            ['vcse', 'Voluntary, community or social enterprise', 0],
            ['mutual', 'Mutual or cooperative', 0],
            ['other', 'Other', 0],
          ),
        }),
        q('org-turnover', 'currency', 'Annual turnover in your last financial year'),
        q('org-staff', 'number', 'How many people do you employ?'),
        q('org-services', 'long_text', 'Describe your organisation and the services you provide', {
          required: true,
          wordLimit: 300,
        }),
      ],
    },
    {
      id: 'interest',
      title: 'Interest in each service area',
      description: 'Tell us how interested you would be in delivering each service area in scope.',
      questions: [
        q('interest', 'interest_matrix', 'How interested would you be in delivering each service area?', {
          required: true,
          helpText: '0 means not interested, 4 means very high interest.',
        }),
        q('not-interested', 'not_interested_reasons', 'Why are you not interested in this service area?', {
          helpText: 'Select all that apply. This helps us understand what would make the opportunity viable.',
        }),
      ],
    },
    {
      id: 'models',
      title: 'Preferred delivery models',
      description: 'One size may not fit all: different services may suit different delivery models.',
      questions: [
        q('models', 'multiple_choice', 'Which delivery models would you consider for this service area?', {
          required: true,
          perArea: true,
          weight: 1,
          options: options(
            ['outsourcing', 'Outsourcing', 1],
            ['partnership', 'Partnership or joint venture', 1],
            ['shared_service', 'Shared service with another public body', 0.75],
            ['mutual', 'Mutual or staff spin-out', 0.75],
            ['in_house_support', 'Supporting the council to improve the service in-house', 0.25],
          ),
        }),
        q('models-why', 'long_text', 'Why would these delivery models suit this service area?', {
          perArea: true,
          wordLimit: 250,
        }),
      ],
    },
    {
      id: 'capacity',
      title: 'Capacity and timescales',
      description: '',
      questions: [
        q('capacity', 'yes_no', 'Could you take on services of this scale within the next 12 months?', {
          required: true,
          weight: 2,
        }),
        q('lead-time', 'single_choice', 'How long would you need from contract award to start delivering?', {
          required: true,
          weight: 1,
          options: options(
            ['under_3', 'Less than 3 months', 1],
            ['3_to_6', '3 to 6 months', 0.75],
            ['6_to_12', '6 to 12 months', 0.5],
            ['over_12', 'More than 12 months', 0.25],
          ),
        }),
        q(
          'similar',
          'long_text',
          'Describe similar contracts you deliver now: client, scope, value and length',
          {
            wordLimit: 500,
          },
        ),
      ],
    },
    {
      id: 'tupe',
      title: 'TUPE and pensions experience',
      description: 'Staff delivering these services now would be likely to transfer under TUPE.',
      questions: [
        q('tupe', 'yes_no', 'Have you taken on staff from a public body under TUPE before?', {
          required: true,
          weight: 1,
        }),
        q(
          'tupe-experience',
          'long_text',
          'Describe your experience of TUPE transfers and public sector pensions',
          {
            helpText: 'Include the Local Government Pension Scheme and admitted body status if relevant.',
            wordLimit: 400,
            shownWhen: { questionId: 'tupe', equals: 'yes' },
          },
        ),
      ],
    },
    {
      id: 'local',
      title: 'Local presence and social value',
      description: '',
      questions: [
        q('local-office', 'yes_no', 'Do you have an office or staff based in the area?', { weight: 0.5 }),
        q('social-value', 'long_text', 'How would you add social value locally?', {
          helpText: 'For example local jobs, apprenticeships, and using small local suppliers and charities.',
          wordLimit: 300,
        }),
      ],
    },
    {
      id: 'lotting',
      title: 'Views on lotting and contract length',
      description: '',
      questions: [
        q('packaging', 'single_choice', 'How should the services be packaged?', {
          options: options(
            ['one', 'As one contract for all service areas', 0],
            ['lots', 'As separate lots, one for each service area', 0],
            ['mixed', 'Some service areas bundled, others separate', 0],
            ['no_preference', 'No preference', 0],
          ),
        }),
        q('contract-length', 'single_choice', 'What contract length would be viable for you?', {
          options: options(
            ['under_3', 'Less than 3 years', 0],
            ['3_to_5', '3 to 5 years', 0],
            ['5_to_7', '5 to 7 years', 0],
            ['7_to_10', '7 to 10 years', 0],
            ['over_10', 'More than 10 years', 0],
          ),
        }),
        q('attractiveness', 'scale', 'How attractive is the opportunity as described?', {
          weight: 1,
          scaleMin: 1,
          scaleMax: 5,
          scaleMinLabel: 'Not attractive',
          scaleMaxLabel: 'Very attractive',
        }),
        q('lotting-comments', 'long_text', 'Comments on lotting, bundling and contract length', {
          wordLimit: 300,
        }),
      ],
    },
    {
      id: 'savings',
      title: 'Savings and risks',
      description: 'The council needs to make savings. Tell us honestly what you think is achievable.',
      questions: [
        q('savings', 'long_text', 'What savings could be achieved, and how?', { wordLimit: 400 }),
        q(
          'risks',
          'long_text',
          'What are the main risks, for the council and for you, and how would you manage them?',
          {
            wordLimit: 400,
          },
        ),
        q('documents', 'file_upload', 'Supporting documents', {
          helpText: 'Optional. For example case studies or an outline of your approach.',
          allowedFileTypes: ['pdf', 'docx', 'xlsx'],
          maxFileMb: 10,
        }),
      ],
    },
    {
      id: 'questions-back',
      title: 'Questions back to the council',
      description: '',
      questions: [
        q(
          'information-needed',
          'long_text',
          'What information would you need from us before deciding whether to bid?',
          {
            wordLimit: 300,
          },
        ),
        q('meeting', 'yes_no', 'Would you like a face-to-face discussion with the council?', {
          required: true,
        }),
      ],
    },
  ],
};
