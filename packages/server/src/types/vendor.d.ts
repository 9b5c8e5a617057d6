// Minimal typings for express 5, better-sqlite3 and pg: their @types packages are not
// installed in this workspace. Only what @zkpop/server uses is declared; delete this
// file once @types/express, @types/better-sqlite3 and @types/pg are devDependencies.

declare module "express" {
  import type { IncomingMessage, Server, ServerResponse } from "node:http";

  export interface Request extends IncomingMessage {
    body: unknown;
    params: Record<string, string>;
    query: Record<string, unknown>;
    path: string;
    ip: string | undefined;
    method: string;
    originalUrl: string;
    baseUrl: string;
    route?: { path: string };
    app: Application;
    get(name: string): string | undefined;
    is(type: string | string[]): string | false | null;
  }
  export interface Response extends ServerResponse {
    locals: Record<string, unknown>;
    status(code: number): this;
    json(body: unknown): this;
    send(body?: unknown): this;
    type(type: string): this;
    set(field: string, value: string): this;
    end(): this;
  }
  export type NextFunction = (err?: unknown) => void;
  export type RequestHandler = (req: Request, res: Response, next: NextFunction) => unknown;
  export type ErrorRequestHandler = (
    err: unknown,
    req: Request,
    res: Response,
    next: NextFunction,
  ) => unknown;
  type Handler = RequestHandler | ErrorRequestHandler | Router;

  export interface Router extends RequestHandler {
    use(...handlers: Handler[]): this;
    use(path: string, ...handlers: Handler[]): this;
    get(path: string, ...handlers: RequestHandler[]): this;
    post(path: string, ...handlers: RequestHandler[]): this;
    put(path: string, ...handlers: RequestHandler[]): this;
    delete(path: string, ...handlers: RequestHandler[]): this;
    all(path: string, ...handlers: RequestHandler[]): this;
  }
  export interface Application extends Router {
    set(setting: string, value: unknown): this;
    disable(setting: string): this;
    listen(port: number, host: string, callback?: (err?: Error) => void): Server;
  }
  interface JsonOptions {
    limit?: number | string;
    strict?: boolean;
    type?: string | string[];
  }
  interface Express {
    (): Application;
    json(options?: JsonOptions): RequestHandler;
    Router(): Router;
  }
  const express: Express;
  export default express;
  export function Router(): Router;
}

declare module "better-sqlite3" {
  namespace Database {
    interface RunResult {
      changes: number;
      lastInsertRowid: number | bigint;
    }
    interface Statement<P extends unknown[] = unknown[]> {
      run(...params: P): RunResult;
      get(...params: P): unknown;
      all(...params: P): unknown[];
    }
    interface Transaction<F extends (...args: never[]) => unknown> {
      (...args: Parameters<F>): ReturnType<F>;
      immediate(...args: Parameters<F>): ReturnType<F>;
    }
    interface Options {
      readonly?: boolean;
      fileMustExist?: boolean;
      timeout?: number;
    }
    interface Database {
      readonly open: boolean;
      readonly inTransaction: boolean;
      prepare<P extends unknown[] = unknown[]>(sql: string): Statement<P>;
      exec(sql: string): this;
      pragma(source: string, options?: { simple?: boolean }): unknown;
      transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F>;
      close(): this;
    }
  }
  const Database: {
    new (filename: string, options?: Database.Options): Database.Database;
  };
  export default Database;
}

declare module "pg" {
  export interface QueryResult<R = Record<string, unknown>> {
    rows: R[];
    rowCount: number | null;
  }
  export interface PoolConfig {
    connectionString?: string;
    max?: number;
    idleTimeoutMillis?: number;
    connectionTimeoutMillis?: number;
    application_name?: string;
  }
  export interface Queryable {
    query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
  }
  export interface PoolClient extends Queryable {
    release(err?: Error | boolean): void;
  }
  export class Pool implements Queryable {
    constructor(config?: PoolConfig);
    query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
    connect(): Promise<PoolClient>;
    end(): Promise<void>;
    on(event: "error", listener: (err: Error) => void): this;
  }
  export class Client implements Queryable {
    constructor(config?: PoolConfig);
    connect(): Promise<void>;
    query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
    end(): Promise<void>;
  }
  const pg: { Pool: typeof Pool; Client: typeof Client };
  export default pg;
}
