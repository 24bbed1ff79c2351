import { repairMrz } from './dist/shared/mrz/repair.js';
for (const d of ['L8989Q2C3', 'LB9B902C3', 'L89S9O2C3', 'L8Z8902G3', 'I8989O2C3']) {
  const b = repairMrz(
    ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', d + '6UTO7408122F1204159ZE184226B<<<<<10'],
    'TD3',
  );
  console.log(d, b.lines[1].slice(0, 10), b.checks[0].valid);
}
