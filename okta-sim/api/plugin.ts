import type { FastifyInstance } from 'fastify';
import { registerAppAssignmentRoutes } from './app-assignments-routes';
import { registerAppLogoRoutes, registerLogoFiles } from './app-logo-routes';
import { registerAppRoutes } from './apps-routes';
import type { ApiContext } from './context';
import { type GateOptions, installGate } from './gate';
import { registerGroupRoutes } from './groups-routes';
import { registerUserRoutes } from './users-routes';

/** The Management API under `/api/v1`, behind its gate (auth, limits, faults, log). */
export function registerManagementApi(app: FastifyInstance, ctx: ApiContext, gate: GateOptions): void {
  app.register(
    async (api) => {
      installGate(api, gate);
      registerUserRoutes(api, ctx);
      registerGroupRoutes(api, ctx);
      registerAppRoutes(api, ctx);
      registerAppAssignmentRoutes(api, ctx);
      registerAppLogoRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  registerLogoFiles(app, ctx);
}
