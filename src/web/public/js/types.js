// @ts-check
/**
 * JSDoc types of the API shapes the UI reads (checked by `npm run typecheck`, tsconfig.web.json). Types only:
 * views import them with `@typedef {import('./types.js').CaseView} CaseView`; nothing here runs.
 */

/**
 * @typedef {'clerk' | 'steward' | 'leader' | 'enterprise' | 'auditor' | 'admin'} Role
 *
 * @typedef {object} User  The signed-in user (POST /api/auth/login → user).
 * @property {string} id
 * @property {string} username
 * @property {string} displayName
 * @property {Role} role
 * @property {string | null} department  Department code of a clerk.
 * @property {string | null} enterpriseId
 * @property {string[]} [assignedProjectIds]  A steward's projects.
 *
 * @typedef {object} Session  What the UI keeps in sessionStorage.
 * @property {string} accessToken
 * @property {User} user
 *
 * @typedef {object} ErrorBody  The API's one error shape.
 * @property {number} statusCode
 * @property {string} code
 * @property {string} message  Chinese, for people.
 * @property {unknown} [details]
 * @property {string} [requestId]
 *
 * @typedef {object} Deadline
 * @property {string | null} dueDate
 * @property {string | null} dueAt
 * @property {boolean} paused
 * @property {number | null} [remaining]
 * @property {number | null} [remainingWorkingDays]  Older name of `remaining` (project page).
 * @property {'workingDays' | 'naturalDays'} [remainingUnit]  What `remaining` counts (a months limit: calendar days).
 * @property {'workingDays' | 'naturalDays' | 'months'} [unit]
 * @property {number[]} [uncoveredYears]
 *
 * @typedef {Record<string, unknown> & { type?: string, title?: string, description?: string }} JsonSchema
 *
 * @typedef {object} AllowedEvent  One action the caller may send now (GET /api/cases/:id → allowedEvents).
 * @property {string} type
 * @property {string} label  zh-CN button text.
 * @property {string} [disabledReason]  zh-CN: shown greyed out, with this reason.
 * @property {JsonSchema} payloadSchema
 *
 * @typedef {object} CaseView  GET /api/cases/:id.
 * @property {string} id
 * @property {string} projectId
 * @property {string | null} parentId
 * @property {{ id: string, version: number, title: string, latestVersion: number }} definition
 * @property {number} seq
 * @property {string} state
 * @property {string} statusLabel
 * @property {'active' | 'done'} status
 * @property {string | null} departmentQueue
 * @property {string} waitingOn
 * @property {string | null} timerState
 * @property {Deadline | null} deadline
 * @property {Record<string, any>} data
 * @property {Array<Record<string, any>>} children
 * @property {AllowedEvent[]} allowedEvents
 * @property {{ allowed: boolean, reason: string | null }} upload  上传材料: offered only when allowed; the reason
 *   (zh-CN) when this caller could upload but the case refuses it now.
 *
 * @typedef {object} Labels  GET /api/labels: code → zh-CN label, per kind.
 * @property {Record<string, string>} roles
 * @property {Record<string, string>} departments
 * @property {Record<string, string>} waiting
 * @property {Record<string, string>} practices
 * @property {Record<string, Record<string, string>>} states  definitionId → state path → label.
 * @property {Record<string, string>} events
 * @property {Record<string, string>} materials
 * @property {Record<string, string>} items
 * @property {Record<string, string>} stages
 * @property {Record<string, string>} projectCategories
 * @property {Record<string, string>} investorTypes
 * @property {Record<string, string>} landSupplyModes
 * @property {Record<string, string>} civilDefense
 * @property {Record<string, string>} procedures
 * @property {Record<string, string>} outcomes
 * @property {Record<string, string>} timerStates
 * @property {Record<string, string>} timeUnits
 * @property {Record<string, string>} toleranceStatuses
 * @property {Record<string, string>} problemCategories
 * @property {Record<string, string>} milestones
 * @property {Record<string, string>} timeKinds
 * @property {Record<string, string>} meetingTypes
 * @property {Record<string, Record<string, string>>} payloadFields  event type → payload field → name.
 *
 * @typedef {object} EnterpriseHit  GET /api/enterprises?q=
 * @property {string} id
 * @property {string} name
 * @property {string} creditCode
 */

export {};
