import { Component, type ErrorInfo, Fragment, type ReactNode, useState } from 'react';
import type { LatchkeyApi } from '../../../domain/ipc-contract';
import { callService } from '../bridge/call-service';
import { errorReport } from '../screens/error-report';
import { describeHost, useAppInfo } from '../stores/app-info-store';

/**
 * One screen's error boundary: an error while rendering a screen replaces that screen, not the
 * whole window, with what happened in plain words, **Reload screen** (mounts the screen afresh;
 * the replica and the session are untouched) and **Report** (a report without secrets to copy, and
 * the log file's folder). The sidebar and the other screens go on working.
 */

interface Failure {
  error: unknown;
  /** The report (error-report.ts), once componentDidCatch has the component stack. */
  report: string | null;
  at: Date;
}

function reportOf(screen: string, error: unknown, componentStack: string | null, at: Date): string {
  const info = useAppInfo.getState();
  return errorReport({
    screen,
    error,
    componentStack,
    ...(info.status === 'ready' ? { host: describeHost(info.info) } : {}),
    at,
  });
}

interface Props {
  /** The screen's name as the user knows it ("Accounts"). */
  screen: string;
  api: LatchkeyApi | null;
  children: ReactNode;
}

interface State {
  failure: Failure | null;
  /** Bumped by Reload screen: a new key mounts the children again from scratch. */
  attempt: number;
}

export class ScreenErrorBoundary extends Component<Props, State> {
  override state: State = { failure: null, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { failure: { error, report: null, at: new Date() } };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    const at = this.state.failure?.at ?? new Date();
    const report = reportOf(this.props.screen, error, info.componentStack ?? null, at);
    this.setState({ failure: { error, report, at } });
    // Into the host's log file as well, so the logs a user sends hold what happened.
    void this.props.api?.invoke('logs:screen-failed', { screen: this.props.screen, report: report.slice(0, 8000) });
  }

  private readonly reload = () => this.setState((state) => ({ failure: null, attempt: state.attempt + 1 }));

  override render(): ReactNode {
    const { failure, attempt } = this.state;
    if (failure) {
      return <ScreenFailed screen={this.props.screen} api={this.props.api} failure={failure} onReload={this.reload} />;
    }
    return <Fragment key={attempt}>{this.props.children}</Fragment>;
  }
}

interface Reported {
  text: string;
  copied: boolean;
  folder: string | null;
  opened: boolean;
}

function ScreenFailed(props: { screen: string; api: LatchkeyApi | null; failure: Failure; onReload: () => void }) {
  const [report, setReport] = useState<Reported | null>(null);
  const makeReport = async () => {
    const text = props.failure.report ?? reportOf(props.screen, props.failure.error, null, props.failure.at);
    // The page's clipboard; where the host refuses it (Electron grants no permission), the report
    // is shown selected for the user to copy.
    const copied = await Promise.resolve()
      .then(() => navigator.clipboard.writeText(text))
      .then(
        () => true,
        () => false,
      );
    const logs = props.api ? await callService(props.api, 'logs:open-folder') : null;
    const answer = logs?.ok ? logs.value : null;
    setReport({ text, copied, folder: answer?.folder ?? null, opened: answer?.opened ?? false });
  };
  return (
    <main className="screen" aria-labelledby="screen-title">
      <h2 id="screen-title">{props.screen}</h2>
      <div className="notice" role="alert">
        <p>
          <strong>This screen stopped working.</strong> An error in Latchkey stopped the {props.screen} screen. Your
          data is safe: nothing was changed or sent anywhere.
        </p>
        <p>Reload the screen to try again. If it happens again, choose Report and send what it gives you to IT.</p>
      </div>
      <div className="screen-actions">
        <button type="button" className="primary" onClick={props.onReload}>
          Reload screen
        </button>
        <button type="button" onClick={() => void makeReport()}>
          Report
        </button>
      </div>
      {report && (
        <section className="error-report" aria-label="Error report">
          <p role="status">
            {report.copied ? 'The report is copied.' : 'Copy the report below.'}{' '}
            {report.folder === null
              ? ''
              : report.opened
                ? `The logs folder is open (${report.folder}): attach latchkey.log too.`
                : `The app's log is in ${report.folder}: attach latchkey.log too.`}
          </p>
          <textarea
            readOnly
            rows={8}
            aria-label="Report text"
            value={report.text}
            ref={(area) => {
              if (area && !report.copied) area.select();
            }}
          />
        </section>
      )}
    </main>
  );
}
