import { proseValues, proseValue } from '@/lib/values';
for (const name of Object.keys(proseValues).filter((n) => n.startsWith(process.argv[2]))) console.log(`  ['${name}', ${proseValue(name).value}, '${proseValue(name).text}'],`);
