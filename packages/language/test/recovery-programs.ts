/**
 * Valid programs the recovery corpus mutates, one layout each at least: each must analyze
 * with no error or warning, so every finding after a mutation is the mutation's.
 */
export interface CorpusProgram {
  readonly config: string;
  readonly name: string;
  readonly text: string;
}

const PASCAL_INVENTORY = `(* Inventory: records, arrays, procedures, functions and every loop *)
PROGRAM Inventory;

CONST
  MaxItems = 5;
  Limit = 100;

TYPE
  Item = RECORD
    code : INTEGER;
    count : INTEGER;
    price : REAL
  END;

VAR
  stock : ARRAY [1..MaxItems] OF Item;
  total : INTEGER;
  count : INTEGER;
  i : INTEGER;
  found : BOOLEAN;
  name : STRING;

PROCEDURE Show(n : INTEGER);
BEGIN
  WriteLn('Item ', n);
  Write('Count: ');
  WriteLn(stock[n].count)
END;

FUNCTION Twice(x : INTEGER) : INTEGER;
BEGIN
  Twice := x * 2
END;

FUNCTION Clamp(x : INTEGER) : INTEGER;
VAR
  r : INTEGER;
BEGIN
  r := x;
  IF r > Limit THEN
    r := Limit;
  IF r < 0 THEN
    r := 0;
  Clamp := r
END;

BEGIN
  total := 0;
  count := 0;
  found := FALSE;
  name := 'stock';

  FOR i := 1 TO MaxItems DO
  BEGIN
    stock[i].code := i * 10;
    stock[i].count := Twice(i);
    stock[i].price := i + 0.5
  END;

  i := 1;
  WHILE i <= MaxItems DO
  BEGIN
    total := total + stock[i].count;
    IF stock[i].count > 4 THEN
    BEGIN
      count := count + 1;
      found := TRUE
    END
    ELSE
      WriteLn('small');
    i := i + 1
  END;

  REPEAT
    total := total - 1
  UNTIL total < Limit;

  FOR i := MaxItems DOWNTO 1 DO
    Show(i);

  IF found THEN
    WriteLn('Found ', count, ' items')
  ELSE
    WriteLn('None found');

  total := Clamp(total);
  WriteLn('Total: ', total);
  WriteLn('Name: ', name);

  i := 0;
  WHILE (i < 3) AND NOT found DO
    i := i + 1;

  WriteLn('Length: ', Length(name));
  WriteLn('Done')
END.
`;

const PYTHON_TOTALS = `# totals and a search
const limit = 10
def square(n):
    return n * n

def find(values, wanted):
    i = 0
    while i < len(values):
        if values[i] == wanted:
            return i
        i = i + 1
    return -1

total = 0
count = 0
i = 0
while i < limit:
    if i % 2 == 0:
        total = total + square(i)
    elif i == 3:
        print("three")
    else:
        count = count + 1
    i = i + 1
print("total", total)
print("count", count)
numbers = "31415"
where = find(numbers, "4")
if where >= 0:
    print("found at", where)
else:
    print("missing")
message = "done"
print(message, len(message))
`;

const GW_BASIC_SQUARES = `REM squares and a subroutine
DIM A(10)
LET N = 5
I = 1
WHILE I <= N
  A(I) = I * I
  PRINT "Square of "; I; " is "; A(I)
  I = I + 1
WEND
TOTAL = 0
FOR J = 1 TO N
  TOTAL = TOTAL + A(J)
NEXT J
IF TOTAL > 50 THEN PRINT "big" ELSE PRINT "small"
PRINT LEN("abc"), STR$(N)
COUNT = 0
FOR K = 1 TO 10 STEP 2
  COUNT = COUNT + 1
NEXT K
PRINT "Count "; COUNT
GOSUB 100
GOTO 200
100 PRINT "in subroutine"
RETURN
200 PRINT "done"
`;

const MINIMAL_LOOPS = `// counting with the minimal language
const limit = 10
total = 0
count = 0
function square(n):
    return n * n

while count < limit:
    total = total + square(count)
    if total > 50:
        print("big", total)
    count = count + 1
print("total", total)
name = "done"
print(name, len(name))
for_each = int("3")
print(for_each)
`;

const BASIC_LIKE_TOTALS = `REM totals
LET X = 10
DIM B(5)
IF X > 5 THEN PRINT "X is large": X = X - 1
Y = SQR(X) + ABS(-3)
PRINT "Result", Y
LET Z = X * 2
IF Z > 10 THEN PRINT "Z is large"
PRINT "Sum", X + Y + Z
`;

const BRACES_SCORES = `// scores in the braces language (demo_config.json spells if as cuando)
const limit = 5;
let count = 0;
var total = 0;
var best = 0;
function add(a, b) {
  return a + b;
}
function bigger(a, b) {
  cuando a > b {
    return a;
  }
  return b;
}
while count < limit {
  total = add(total, count * 2);
  best = bigger(best, count);
  count = count + 1;
}
cuando total == 20 {
  print("twenty");
} elif total > 20 {
  print(String(total));
} else {
  print("less", Number("1"));
}
let label = "best";
print(label, best);
`;

const FORTH_SQUARES = `\\ squares, sums and loops
: SQUARE ( n -- n*n ) DUP * ;
: SUM-OF-SQUARES ( a b -- c ) SQUARE SWAP SQUARE + ;
VARIABLE TOTAL
10 CONSTANT LIMIT
: CLAMP ( n -- n ) LIMIT MIN 0 MAX ;
: SIGN ( n -- ) DUP 0 < IF DROP -1 ELSE 0 > IF 1 ELSE 0 THEN THEN . ;
: COUNTDOWN ( n -- ) BEGIN DUP . 1 - DUP 0 = UNTIL DROP ;
: STARS ( n -- ) 0 DO 42 EMIT LOOP ;
: BIGGER ( a b -- c ) OVER OVER > IF DROP ELSE SWAP DROP THEN ;
: CUBE ( n -- n*n*n )
  DUP SQUARE *
;
5 3 SUM-OF-SQUARES CLAMP TOTAL !
TOTAL @ ABS .
-7 SIGN 3 COUNTDOWN 4 STARS
2 9 BIGGER 1 ROT ROT MOD .
3 CUBE .
`;

export const CORPUS_PROGRAMS: readonly CorpusProgram[] = [
  { config: 'pascal_like.yaml', name: 'inventory.pas', text: PASCAL_INVENTORY },
  { config: 'python_like.yaml', name: 'totals.py', text: PYTHON_TOTALS },
  { config: 'gw_basic.yaml', name: 'squares.bas', text: GW_BASIC_SQUARES },
  { config: 'minimal.json', name: 'loops.min', text: MINIMAL_LOOPS },
  { config: 'basic_like.yaml', name: 'totals.bas', text: BASIC_LIKE_TOTALS },
  { config: 'demo_config.json', name: 'scores.dc', text: BRACES_SCORES },
  { config: 'forth_like.yaml', name: 'squares.fs', text: FORTH_SQUARES },
];
