/**
 * Name pools for generated extracts: a mixed UK population (English, Scottish, Welsh, Irish,
 * South Asian, Caribbean, West and East African, Turkish and Greek Cypriot, Eastern European,
 * Southern European, East and South-East Asian, Albanian/Kosovan). Fictional combinations only.
 * "Pike" is deliberately absent so that the demo's Jordan Pike is the only one.
 */

/** Whitespace-separated words, so the pools stay compact and easy to extend. */
const words = (s: string): readonly string[] => s.trim().split(/\s+/);

export const MALE_FIRST_NAMES = words(`
  James Daniel Thomas Ryan Jordan Liam Connor Callum Jamie Lewis Kyle Jack Ben Michael David Mark Paul
  Lee Dean Craig Wayne Darren Scott Aaron Nathan Jason Kieran Reece Tyler Joshua Adam Luke Owen Rhys
  Dylan Sean Patrick Declan Ciaran Mohammed Muhammad Ahmed Ali Hassan Imran Bilal Omar Yusuf Abdi
  Mustafa Ibrahim Hamza Tariq Arjun Rohan Sanjay Vikram Harpreet Gurdeep Jaspal Kwame Kofi Chidi Emeka
  Tunde Olumide Femi Segun Jermaine Marlon Delroy Leon Tyrone Andre Mehmet Emre Kemal Hakan Serkan
  Murat Kerem Andreas Christos Nikos Georgios Piotr Tomasz Kamil Marcin Lukasz Mateusz Andrei Ionut
  Florin Mihai Bogdan Tiago Joao Rui Marco Luca Giorgio Wei Jun Minh Duc Aziz Karim Samir Dritan Arben
  Besnik Gary Stephen Anthony Christopher Matthew Andrew Robert Shane
`);

export const FEMALE_FIRST_NAMES = words(`
  Sarah Emma Laura Rebecca Charlotte Hannah Jade Chloe Stacey Kelly Gemma Danielle Amy Lisa Nicola
  Michelle Leanne Natalie Zoe Sophie Aisha Fatima Amina Zainab Maryam Priya Anjali Simran Nadia Yasmin
  Shanice Tanisha Keisha Chantelle Abena Ama Ngozi Funmilayo Ayesha Elif Zeynep Ayse Emine Maria Elena
  Sofia Anna Katarzyna Agnieszka Magdalena Ioana Andreea Roxana Ana Mei Lin Siobhan Aoife Niamh Ffion
  Bethan Carys Eilidh Kirsty Joanne Claire Rachel Victoria Samantha Kerry
`);

export const SURNAMES = words(`
  Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson
  Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin
  Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson
  Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell
  Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson
  Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes
  Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey O'Brien
  O'Connor Doherty McCarthy Byrne Quinn Gallagher MacDonald Fraser Stewart Reid Ahmed Rahman Hassan
  Iqbal Akhtar Malik Chaudhry Sharma Kaur Gill Sandhu Dhillon Mistry Shah Mehta Okafor Adeyemi Okonkwo
  Mensah Asante Boateng Owusu Adebayo Oluwole Nwosu Mohamed Abdi Warsame Farah Yilmaz Kaya Demir Celik
  Ozturk Arslan Georgiou Christodoulou Papadopoulos Nowak Kowalski Wisniewski Lewandowski Popescu
  Ionescu Stoica Silva Santos Ferreira Pereira Rossi Russo Chen Wang Li Nguyen Tran Hoxha Krasniqi
  Berisha Grant Francis Samuels Henry Charles Joseph Lawrence Llewellyn Pritchard Vaughan Mackenzie
  Robertson Sutherland O'Sullivan Fitzgerald Brennan Ahmadi Karimi Mahmoud Osei
`);
