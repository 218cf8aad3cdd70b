/** One item per non-blank line (items may contain commas). */
const lines = (s: string): readonly string[] =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export const PROVIDER_CODES = 'N07 N03 N04 N05 N06 N50 N51 N52 N53 N54 N55 N56 N57 N58'.split(' ');

export const PDU_NAMES: readonly string[] = lines(`
  Enfield and Haringey
  Barnet, Brent and Harrow
  Camden and Islington
  Hackney and City
  Redbridge and Waltham Forest
  Barking, Dagenham and Havering
  Tower Hamlets
  Newham
  Greenwich and Lewisham
  Southwark
  Lambeth
  Croydon
  Bexley and Bromley
  Ealing and Hillingdon
  Hounslow
  Hammersmith, Fulham, Kensington, Chelsea and Westminster
  Richmond, Kingston, Merton, Sutton and Wandsworth
  Birmingham Central and South
  Birmingham North, East and Solihull
  Coventry
  Wolverhampton
  Manchester North
  Manchester South
  Salford and Trafford
  Liverpool North
  Liverpool South
  Leeds
  Bradford and Calderdale
  Sheffield
  Hull and East Riding
  Newcastle upon Tyne
  Sunderland
  Nottingham City
  Leicester, Leicestershire and Rutland
  Derby City
  Bristol, South Gloucestershire and Gloucestershire
  Plymouth
  Kent West
  Surrey
  Brighton and East Sussex
  Essex North
  Norfolk
  Cambridgeshire
  Lancashire East
  Cumbria
  Cardiff and Vale
  Swansea, Neath Port Talbot
`);

const WARDS: Record<string, readonly string[]> = {
  // London Borough of Enfield wards from May 2022.
  Enfield: lines(`
    Arnos Grove
    Bowes
    Brimsdown
    Bullsmoor
    Bush Hill Park
    Carterhatch
    Cockfosters
    Edmonton Green
    Enfield Lock
    Grange Park
    Haselbury
    Highfield
    Jubilee
    Lower Edmonton
    New Southgate
    Oakwood
    Palmers Green
    Ponders End
    Ridgeway
    Southbury
    Southgate
    Town
    Upper Edmonton
    Whitewebbs
    Winchmore Hill
  `),
  // London Borough of Haringey wards from May 2022.
  Haringey: lines(`
    Alexandra Park
    Bounds Green
    Bruce Castle
    Crouch End
    Fortis Green
    Harringay
    Hermitage & Gardens
    Highgate
    Hornsey
    Muswell Hill
    Noel Park
    Northumberland Park
    St Ann's
    Seven Sisters
    South Tottenham
    Stroud Green
    Tottenham Central
    Tottenham Hale
    West Green
    White Hart Lane
    Woodside
  `),
};
export const wardsFor = (borough: string): readonly string[] =>
  WARDS[borough] ?? ['Central', 'North', 'South', 'East', 'West'].map((w) => `${borough} ${w}`);

export const PRISONS_MALE = lines(`
  HMP Pentonville
  HMP Wandsworth
  HMP Thameside
  HMP Brixton
  HMP Wormwood Scrubs
  HMP Isis
  HMP High Down
  HMP Highpoint
  HMP Chelmsford
  HMP The Mount
  HMP Elmley
  HMP Swaleside
  HMP Coldingley
  HMP Lewes
  HMP Birmingham
  HMP Manchester
  HMP Leeds
  HMP Durham
`);
export const PRISONS_FEMALE = [
  'HMP Bronzefield',
  'HMP Downview',
  'HMP Send',
  'HMP Peterborough',
  'HMP Foston Hall',
];
export const PRISONS_HIGH_SECURITY = ['HMP Belmarsh', 'HMP Whitemoor', 'HMP Frankland', 'HMP Long Lartin'];
