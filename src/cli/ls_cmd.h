/* ls_cmd — the time-travel subcommands of the loopscope CLI (issue 4):
 *   loopscope state --step N|end [LIMITS] FILE
 *   loopscope trace [--format text|jsonl|chrome] [-o OUT] [LIMITS] FILE
 * LIMITS: --max-steps N (events, default 10,000,000), --max-memory BYTES
 * (the program's heap: MemoryError past it), --max-output BYTES.
 * Each takes argv after the subcommand name and returns the exit status. */
#ifndef LS_CMD_H
#define LS_CMD_H

int ls_cmd_state(int argc, char **argv);
int ls_cmd_trace(int argc, char **argv);

#endif
